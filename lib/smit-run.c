/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * smit-run.c - running commands for the SMIT engine: a child /bin/sh -c
 * with its output piped back, and the log and script files.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "smit-internal.h"

void smit_timestamp(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm) ||
	    strftime(buf, len, "[%b %d %Y, %H:%M:%S]", &tm) == 0)
		snprintf(buf, len, "[?]");
}

/* SMIT's variables (see smit_env), a new NULL-terminated vector. */
static char **env_vars(const struct smit *smit)
{
	static const char *const flags[] = {
		"_SMIT_VERBOSE_FLAG=0", "_SMIT_TRACE_FLAG=0", "_SMIT_DEBUG_FLAG=0",
	};
	const char *files[2][2] = {
		{ "_SMIT_LOG_FILE=", smit->log_file },
		{ "_SMIT_SCRIPT_FILE=", smit->script_file },
	};
	char **env = NULL;
	int n = 0;

	for (size_t i = 0; i < 2; i++) {
		struct vipa_buf b = { 0 };
		char *v;
		int rc;

		vipa_buf_adds(&b, files[i][0]);
		vipa_buf_adds(&b, files[i][1] ? files[i][1] : "");
		v = vipa_buf_take(&b);
		rc = v ? vipa_strv_add(&env, &n, v) : -1;
		free(v);
		if (rc < 0)
			goto oom;
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (vipa_strv_add(&env, &n, flags[i]) < 0)
			goto oom;
	return env;
oom:
	vipa_strv_free(&env, NULL);
	return NULL;
}

VIPA_EXPORT const char *const *smit_env(struct smit *smit)
{
	vipa_strv_free(&smit->env, NULL);
	smit->env = env_vars(smit);
	return (const char *const *)smit->env;
}

/*
 * The child: its own stdout/stderr pipes, no stdin, ENV unset so that no
 * shell start-up file runs, and SMIT's variables @own (env_vars).  Only
 * async-signal-safe calls would be strictly right after fork() in a
 * threaded program; the environment is therefore prepared before fork().
 * The vector holds environ's strings and @own's, which stay its owners.
 */
static char **child_env(char **own)
{
	size_t n = 0, m = 0, k = 0, i;
	char **env;

	while (environ[n])
		n++;
	while (own[m])
		m++;
	env = calloc(n + m + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strncmp(environ[i], "ENV=", 4) == 0 ||
		    strncmp(environ[i], "_SMIT_", 6) == 0)
			continue;
		env[k++] = environ[i];
	}
	for (i = 0; i < m; i++)
		env[k++] = own[i];
	env[k] = NULL;
	return env;
}

/* The process group of the command running now, for smit_kill_running. */
static volatile sig_atomic_t running_pgid;

VIPA_EXPORT void smit_kill_running(int sig)
{
	pid_t pg = (pid_t)running_pgid;

	if (pg > 0)
		kill(-pg, sig);
}

/*
 * In the child: make sure the suite's own commands are found even when the
 * directories they were installed in are not on the caller's PATH (cron, a
 * minimal environment, a user whose PATH has no sbin).  The directories go
 * last, so that a PATH that names other copies first keeps its choice.
 */
static void child_path_add(char **env, const char *dir)
{
	size_t dlen = strlen(dir);

	for (size_t i = 0; env[i]; i++) {
		const char *p, *v;
		char *n;

		if (strncmp(env[i], "PATH=", 5) != 0)
			continue;
		v = env[i] + 5;
		for (p = v; p; p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL)
			if (strncmp(p, dir, dlen) == 0 && (p[dlen] == ':' || !p[dlen]))
				return;
		n = malloc(strlen(env[i]) + dlen + 2);
		if (!n)
			return;
		sprintf(n, "%s%s%s", env[i], *v ? ":" : "", dir);
		env[i] = n;   /* the exec that follows frees it */
		return;
	}
}

static void child_path(char **env)
{
	child_path_add(env, VIPA_SBINDIR);
	child_path_add(env, VIPA_BINDIR);
}

int smit_exec(struct smit *smit, const char *cmd, struct vipa_buf *out,
	      struct vipa_buf *err, struct vipa_buf *all, int *status,
	      int stream)
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	struct pollfd pfd[2];
	char **env, **own;
	pid_t pid;
	int open_fds, wst, rc = 0;
	char buf[4096];

	*status = -1;
	own = env_vars(smit);
	env = own ? child_env(own) : NULL;
	if (!env) {
		vipa_strv_free(&own, NULL);
		return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	}
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		rc = smit_seterr(smit, SMIT_E_IO, "cannot make a pipe: %s",
				 strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		rc = smit_seterr(smit, SMIT_E_IO, "cannot fork: %s",
				 strerror(errno));
		goto out;
	}
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);
		sigset_t none;

		if (nul >= 0 && nul != 0) {
			dup2(nul, 0);
			close(nul);
		}
		dup2(po[1], 1);
		dup2(pe[1], 2);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		/* A group of its own: a frontend that is killed can end the
		 * command and everything it started (smit_kill_running). */
		setpgid(0, 0);
		child_path(env);
		execle("/bin/sh", "sh", "-c", cmd, (char *)NULL, env);
		_exit(127);
	}
	setpgid(pid, pid);
	running_pgid = pid;
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	pfd[0].fd = po[0];
	pfd[1].fd = pe[0];
	pfd[0].events = pfd[1].events = POLLIN;
	open_fds = 2;
	while (open_fds > 0) {
		int i;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;

			if (pfd[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_fds--;
				continue;
			}
			vipa_buf_add(i == 0 ? out : err, buf, (size_t)n);
			if (all)
				vipa_buf_add(all, buf, (size_t)n);
			if (stream && smit->out_fn)
				smit->out_fn(i + 1, buf, (size_t)n, smit->out_arg);
		}
	}
	po[0] = pe[0] = -1;
	while (waitpid(pid, &wst, 0) < 0) {
		if (errno != EINTR) {
			running_pgid = 0;
			rc = smit_seterr(smit, SMIT_E_IO, "cannot wait for the command: %s",
					 strerror(errno));
			goto out;
		}
	}
	running_pgid = 0;
	if (WIFEXITED(wst))
		*status = WEXITSTATUS(wst);
	else if (WIFSIGNALED(wst))
		*status = 128 + WTERMSIG(wst);
	if (out->oom || err->oom || (all && all->oom))
		rc = smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
out:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	free(env);
	vipa_strv_free(&own, NULL);
	return rc;
}

/* ---- log and script ---------------------------------------------------- */

/* Append @text in one write; note the first failure in *warning. */
static void append_file(const char *path, const char *header,
			const char *text, size_t len, char **warning)
{
	struct vipa_buf sb = { 0 };
	struct stat st;
	int fd;

	/*
	 * Run as root, never through a link another user may have put in
	 * place of the file (in $HOME), nor into a file with other names.
	 */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
		  (geteuid() == 0 ? O_NOFOLLOW : 0), 0644);
	if (fd < 0) {
		if (errno == ELOOP && !*warning &&
		    asprintf(warning, "cannot write '%s': it is a symbolic link, which root does"
			     " not follow", path) < 0)
			*warning = NULL;
		goto fail;
	}
	if (geteuid() == 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink > 1)) {
		close(fd);
		if (!*warning && asprintf(warning, "cannot write '%s': not a plain file of one"
					  " name, which root does not write", path) < 0)
			*warning = NULL;
		return;
	}
	if (header && fstat(fd, &st) == 0 && st.st_size == 0)
		vipa_buf_adds(&sb, header);
	vipa_buf_add(&sb, text, len);
	if (sb.oom) {
		close(fd);
		vipa_buf_free(&sb);
		errno = ENOMEM;
		goto fail;
	}
	{
		size_t off = 0;

		while (off < sb.len) {
			ssize_t n = write(fd, sb.data + off, sb.len - off);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				int e = errno;

				close(fd);
				vipa_buf_free(&sb);
				errno = e;
				goto fail;
			}
			off += (size_t)n;
		}
	}
	vipa_buf_free(&sb);
	if (close(fd) < 0)
		goto fail;
	return;
fail:
	if (!*warning && asprintf(warning, "cannot write '%s': %s", path,
				  strerror(errno)) < 0)
		*warning = NULL;
}

/*
 * The script gets the command only, under a comment with the time, so
 * that running the script repeats the commands in order.
 */
static void log_script(struct smit *smit, const char *stamp, const char *cmd,
		       char **warning)
{
	struct vipa_buf sb = { 0 };

	if (!smit->script_file)
		return;
	vipa_buf_addf(&sb, "#\n# %s\n#\n%s\n", stamp, cmd);
	append_file(smit->script_file, "#!/bin/sh\n", sb.data ? sb.data : "",
		    sb.len, warning);
	vipa_buf_free(&sb);
}

static void log_command(struct smit *smit, const char *stamp, const char *cmd,
			char **warning)
{
	struct vipa_buf sb = { 0 };

	if (!smit->log_file)
		return;
	vipa_buf_addf(&sb, "%s\n\tCommand_to_Execute follows below:\n>> %s\n\n",
		     stamp, cmd);
	append_file(smit->log_file, NULL, sb.data ? sb.data : "", sb.len, warning);
	vipa_buf_free(&sb);
}

static void log_output(struct smit *smit, const struct smit_result *r,
		       char **warning)
{
	struct vipa_buf sb = { 0 };
	char stamp[64];

	if (!smit->log_file)
		return;
	if (!r->ran) {
		vipa_buf_adds(&sb, "\tCommand recorded, not run (-x).\n\n");
	} else {
		smit_timestamp(stamp, sizeof(stamp));
		vipa_buf_adds(&sb, "\tOutput from Command_to_Execute follows below:\n"
			     "---- start ----\n");
		if (r->all.len) {
			vipa_buf_add(&sb, r->all.data, r->all.len);
			if (r->all.data[r->all.len - 1] != '\n')
				vipa_buf_add(&sb, "\n", 1);
		}
		vipa_buf_addf(&sb, "---- end ----\n%s\n\tExit status: %d\n\n",
			     stamp, r->status);
	}
	append_file(smit->log_file, NULL, sb.data ? sb.data : "", sb.len, warning);
	vipa_buf_free(&sb);
}

VIPA_EXPORT int smit_log_image(struct smit *smit, const char *const *lines, int n)
{
	struct vipa_buf sb = { 0 };
	char stamp[64], *warning = NULL;
	int rc = 0;

	if (!smit->log_file)
		return 0;
	smit_timestamp(stamp, sizeof(stamp));
	vipa_buf_addf(&sb, "%s\n\tScreen image follows below:\n", stamp);
	for (int i = 0; i < n; i++)
		vipa_buf_addf(&sb, "%s\n", lines[i] ? lines[i] : "");
	vipa_buf_add(&sb, "\n", 1);
	if (sb.oom)
		rc = smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	else
		append_file(smit->log_file, NULL, sb.data, sb.len, &warning);
	if (!rc && warning)
		rc = smit_seterr(smit, SMIT_E_IO, "%s", warning);
	free(warning);
	vipa_buf_free(&sb);
	return rc;
}

VIPA_EXPORT int smit_run_command(struct smit *smit, const char *cmd,
				 struct smit_result **out)
{
	struct smit_result *r;
	char stamp[64];
	int rc;

	*out = NULL;
	if (!cmd || !*cmd)
		return smit_seterr(smit, SMIT_E_ARG, "no command to run");
	r = calloc(1, sizeof(*r));
	if (!r || !(r->command = strdup(cmd))) {
		free(r);
		return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	}
	smit_timestamp(stamp, sizeof(stamp));
	log_command(smit, stamp, cmd, &r->warning);
	log_script(smit, stamp, cmd, &r->warning);
	if (!(smit->flags & SMIT_F_NORUN)) {
		rc = smit_exec(smit, cmd, &r->out, &r->err, &r->all, &r->status, 1);
		if (rc < 0) {
			smit_result_free(r);
			return rc;
		}
		r->ran = 1;
	} else {
		r->status = 0;
	}
	vipa_buf_add(&r->out, "", 0);
	vipa_buf_add(&r->err, "", 0);
	vipa_buf_add(&r->all, "", 0);
	if (r->out.oom || r->err.oom || r->all.oom) {
		smit_result_free(r);
		return smit_seterr(smit, SMIT_E_NOMEM, "out of memory");
	}
	log_output(smit, r, &r->warning);
	*out = r;
	return 0;
}

VIPA_EXPORT const char *smit_result_command(const struct smit_result *r)
{
	return r->command;
}

VIPA_EXPORT int smit_result_ran(const struct smit_result *r)
{
	return r->ran;
}

VIPA_EXPORT int smit_result_status(const struct smit_result *r)
{
	return r->status;
}

VIPA_EXPORT const char *smit_result_stdout(const struct smit_result *r, size_t *len)
{
	if (len)
		*len = r->out.len;
	return r->out.data ? r->out.data : "";
}

VIPA_EXPORT const char *smit_result_stderr(const struct smit_result *r, size_t *len)
{
	if (len)
		*len = r->err.len;
	return r->err.data ? r->err.data : "";
}

VIPA_EXPORT const char *smit_result_output(const struct smit_result *r, size_t *len)
{
	if (len)
		*len = r->all.len;
	return r->all.data ? r->all.data : "";
}

VIPA_EXPORT const char *smit_result_warning(const struct smit_result *r)
{
	return r->warning;
}

VIPA_EXPORT void smit_result_free(struct smit_result *r)
{
	if (!r)
		return;
	free(r->command);
	vipa_buf_free(&r->out);
	vipa_buf_free(&r->err);
	vipa_buf_free(&r->all);
	free(r->warning);
	free(r);
}
