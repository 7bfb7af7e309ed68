/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vdev-daemon.c - routing daemons as the kernel shows them: which route
 * protocols belong to one, their names (iproute2's rt_protos), and the
 * setting with which each daemon gives its routes a source.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>

#include "vdev-internal.h"

int vdaemon_is_daemon(int proto)
{
	switch (proto) {
	case RTPROT_UNSPEC:
	case RTPROT_REDIRECT:
	case RTPROT_KERNEL:
	case RTPROT_BOOT:
	case RTPROT_STATIC:
	case RTPROT_RA:
	case RTPROT_DHCP:
		return 0;
	default:
		return proto >= 0 && proto <= 255;
	}
}

const char *vdaemon_proto_text(int proto, char *buf, size_t len)
{
	switch (proto) {
	case RTPROT_BOOT: return "boot";
	case RTPROT_STATIC: return "static";
	case RTPROT_RA: return "ra";
	case RTPROT_DHCP: return "dhcp";
	case RTPROT_ZEBRA: return "zebra";
	case RTPROT_BIRD: return "bird";
	case 186: return "bgp";
	case 187: return "isis";
	case 188: return "ospf";
	case 189: return "rip";
	case 192: return "eigrp";
	case 196: return "frr static";
	default: break;
	}
	snprintf(buf, len, "%d", proto);
	return buf;
}

/*
 * FRR's name of a protocol number its zebra installs routes with, as its
 * "ip protocol NAME route-map" (IPv6: "ipv6 protocol") command takes it;
 * NULL when the number is none of FRR's.  Zebra's own number (11, older
 * releases use it for every daemon) stands for them all: "any".
 */
const char *vdaemon_frr_name(int proto, int family)
{
	switch (proto) {
	case RTPROT_ZEBRA: return "any";
	case 42: return "babel";
	case 186: return "bgp";
	case 187: return "isis";
	case 188: return family == AF_INET6 ? "ospf6" : "ospf";
	case 189: return "rip";
	case 190: return "ripng";
	case 191: return "nhrp";
	case 192: return "eigrp";
	case 193: return "ldp";
	case 194: return "sharp";
	case 195: return "pbr";
	case 196: return "static";
	case 197: return "openfabric";
	case 198: return "srte";
	default: return NULL;
	}
}

/* Read one rt_protos file ("NUMBER NAME", '#' comments): @proto's name
 * into @buf when it names it, a later line winning as in iproute2.  A
 * name that is not one word of printable characters is ignored. */
static void read_protos(const char *path, int proto, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	char line[256];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;
		unsigned long id;
		size_t n = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!isdigit((unsigned char)*p))
			continue;
		id = strtoul(p, &end, 0);
		if ((*end != ' ' && *end != '\t') || id != (unsigned long)proto)
			continue;
		while (*end == ' ' || *end == '\t')
			end++;
		while (isgraph((unsigned char)end[n]) && end[n] != '#')
			n++;
		if (!n || n >= len || !strchr(" \t\r\n#", end[n]))
			continue;   /* strchr: end[n] == '\0' matches too */
		memcpy(buf, end, n);
		buf[n] = '\0';
	}
	fclose(f);
}

static int conf_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 && !strcmp(d->d_name + n - 5, ".conf");
}

/* The *.conf files of @dir in name order. */
static void read_protos_dir(const char *dir, int proto, char *buf, size_t len)
{
	struct dirent **list;
	char path[512];
	int n = scandir(dir, &list, conf_name, alphasort);

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		read_protos(path, proto, buf, len);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

int vdaemon_proto_name(int proto, char *buf, size_t len)
{
	static const char *const dirs[] = { "/usr/share/iproute2/rt_protos.d",
					    "/etc/iproute2/rt_protos.d" };
	FILE *f;

	buf[0] = '\0';
	/* as iproute2 reads them: the file of /etc, or where there is none
	 * the distribution's default; then the .d files, /etc's last */
	if ((f = fopen("/etc/iproute2/rt_protos", "re"))) {
		fclose(f);
		read_protos("/etc/iproute2/rt_protos", proto, buf, len);
	} else {
		read_protos("/usr/share/iproute2/rt_protos", proto, buf, len);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		read_protos_dir(dirs[i], proto, buf, len);
	if (buf[0])
		return 1;
	snprintf(buf, len, "%d", proto);
	return 0;
}

void vdaemon_advice(int proto, int family, const char *src, char *buf, size_t len)
{
	const char *frr = vdaemon_frr_name(proto, family);
	const char *ip = family == AF_INET6 ? "ipv6" : "ip";

	if (proto == RTPROT_BIRD)
		snprintf(buf, len, "remove that setting first (BIRD: krt_prefsrc = %s in "
			 "the kernel protocol's %s export filter, then birdc configure) and put "
			 "it back once the VIPA's address is there", src,
			 family == AF_INET6 ? "ipv6" : "ipv4");
	else if (frr)
		snprintf(buf, len, "remove that setting first (FRR: no %s protocol %s "
			 "route-map NAME, the route-map with set src %s) and give it again once "
			 "the VIPA's address is there (FRR: %s protocol %s route-map NAME again)",
			 ip, frr, src, ip, frr);
	else
		snprintf(buf, len, "remove that setting (the one that gives its routes the source "
			 "%s) first and put it back once the VIPA's address is there", src);
}
