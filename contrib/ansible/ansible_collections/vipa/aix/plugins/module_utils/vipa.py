# SPDX-License-Identifier: GPL-2.0-or-later
# -*- coding: utf-8 -*-
# vipa.py - read and change the virtual IP addresses of a host through the
# vipa commands: lsdev and lsattr read, cfgvi applies a set of stanzas (its
# dry run -n gives check mode and the diff), rmdev removes one device.
#
# Every read and every change of the modules goes through this file, so
# that the modules keep working if the commands grow another output form:
# only this layer changes.
#
# The commands read ODMDIR (and VIPA_DATADIR) from the environment; the
# modules inherit the task's environment, so nothing is passed here.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

# The attributes of a VIPA, in the order lsattr lists them.
ATTRIBUTES = ('netaddr', 'state', 'netmask', 'netaddr6', 'alias6', 'prefixlen',
              'alias4', 'interface_names')
# Attributes that hold several values (one CuAt object each).
MULTI = ('alias4', 'alias6')

# The device type of a VIPA (lsdev -c Class -s Subclass -t Type).
VI_TYPE = ('-c', 'if', '-s', 'VI', '-t', 'vi')

# Exit statuses of the changing commands: 6, the change was made but routes
# that had the VIPA as source were found lost with its address; 10, cfgvi -n
# found changes to make.
RC_ROUTES_LOST = 6
RC_PENDING = 10

# What may go into a stanza file unchanged: a name and an attribute name are
# words, a value is one line (the command checks it further).
_NAME = re.compile(r'^[A-Za-z0-9_.-]+$')
_ATTR = re.compile(r'^[A-Za-z0-9_]+$')


class VipaError(Exception):
    """A command failed: its own message, its exit status, whether it changed
    something (exit status 6 only)."""

    def __init__(self, message, rc=None, cmd=None, changed=False):
        super(VipaError, self).__init__(message)
        self.message = message
        self.rc = rc
        self.cmd = cmd
        self.changed = changed


def split_colon(line):
    """Split one line of `lsattr -O` output: ':' separates the fields, a ':'
    inside a value is written '#!:'."""
    fields = []
    cur = []
    i = 0
    while i < len(line):
        if line.startswith('#!:', i):
            cur.append(':')
            i += 3
        elif line[i] == ':':
            fields.append(''.join(cur))
            cur = []
            i += 1
        else:
            cur.append(line[i])
            i += 1
    fields.append(''.join(cur))
    return fields


def parse_colon(text):
    """The attributes of `lsattr -O` output: a dict of name -> value, a list
    of values for the attributes in MULTI (a name is repeated once per value,
    and an attribute without a value shows once, empty)."""
    lines = [ln for ln in text.splitlines() if ln != '']
    if len(lines) < 2 or not lines[0].startswith('#'):
        raise VipaError('cannot read the output of lsattr -O: %r' % text)
    names = split_colon(lines[0][1:])
    values = split_colon(lines[1])
    if len(names) != len(values):
        raise VipaError('cannot read the output of lsattr -O: %d names, %d values'
                        % (len(names), len(values)))
    attrs = {}
    for name, value in zip(names, values):
        if name in MULTI:
            lst = attrs.setdefault(name, [])
            if value != '':
                lst.append(value)
        else:
            attrs[name] = value
    return attrs


def desired_attributes(attributes):
    """The attributes as a module's user gave them, as strings: lists for
    MULTI, interface_names also from a list, a YAML boolean as yes/no."""
    out = {}
    for attr, value in (attributes or {}).items():
        attr = str(attr)
        if attr in MULTI:
            if value is None:
                value = []
            elif not isinstance(value, (list, tuple)):
                value = [value]
            out[attr] = [str(v) for v in value if str(v) != '']
        else:
            if value is None:
                value = ''
            elif isinstance(value, bool):
                # YAML reads a bare yes/no/on/off as a boolean
                value = 'yes' if value else 'no'
            elif isinstance(value, (list, tuple)):
                value = ','.join(str(v) for v in value)
            out[attr] = str(value)
    return out


def stanza(name, attrs):
    """The stanza of device @name for cfgvi: one line per value (none for an
    empty list, which then empties the attribute)."""
    if not _NAME.match(name):
        raise VipaError("device name '%s' is refused: it is not a word of letters, "
                        "digits, '.', '-' and '_'" % name)
    lines = ['%s:' % name]
    for attr, value in attrs.items():
        if not _ATTR.match(attr):
            raise VipaError("device '%s': attribute '%s' is not valid: no such attribute"
                            % (name, attr))
        values = value if attr in MULTI else [value]
        for v in values or ['']:
            if '\n' in v or '\r' in v:
                raise VipaError("device '%s': attribute '%s' value %r contains a newline"
                                % (name, attr, v))
            lines.append('\t%s = %s' % (attr, v))
    return '\n'.join(lines) + '\n'


def _value(text):
    return '' if text == '""' else text


# The lines of cfgvi (and cfgvi -n): "-vi2", "+vi1", "vi0: netaddr A -> B",
# "vi0: alias4 +V" or "-V", "vi0: status Defined -> Available", and for a
# device whose database stays as it is, cfgif's kernel lines ("vi0: link
# created").
_LINE_DEV = re.compile(r'^([+-])(\S+)$')
_LINE_ATTR = re.compile(r'^(\S+): (\S+) (\S+) -> (\S+)$')
_LINE_LIST = re.compile(r'^(\S+): (\S+) ([+-])(\S+)$')
_LINE_OTHER = re.compile(r'^(\S+): (.*)$')


def parse_changes(lines):
    """The changes cfgvi printed, by device, in the order it printed them:
    a list of dicts name, action (create, change, remove, or kernel for a
    device whose database stays as it was), changes (attribute, before,
    after; for alias4 and alias6 the values removed and added), messages
    (its lines)."""
    devs = []
    by_name = {}

    def dev(name, action):
        d = by_name.get(name)
        if d is None:
            d = dict(name=name, action=action, changes=[], messages=[])
            by_name[name] = d
            devs.append(d)
        return d

    for line in lines:
        m = _LINE_DEV.match(line)
        if m:
            dev(m.group(2), 'create' if m.group(1) == '+' else 'remove')['messages'].append(line)
            continue
        m = _LINE_ATTR.match(line)
        if m and m.group(2) in ATTRIBUTES + ('status',):
            d = dev(m.group(1), 'change')
            d['changes'].append(dict(attribute=m.group(2), before=_value(m.group(3)),
                                     after=_value(m.group(4))))
            d['messages'].append(line)
            continue
        m = _LINE_LIST.match(line)
        if m and m.group(2) in MULTI:
            d = dev(m.group(1), 'change')
            ch = [c for c in d['changes'] if c['attribute'] == m.group(2)]
            if not ch:
                ch = [dict(attribute=m.group(2), before=[], after=[])]
                d['changes'].append(ch[0])
            ch[0]['before' if m.group(3) == '-' else 'after'].append(m.group(4))
            d['messages'].append(line)
            continue
        m = _LINE_OTHER.match(line)
        name = m.group(1) if m else ''
        dev(name, 'kernel')['messages'].append(line)
    return devs


def diff_lines(name, changes, side, current=None):
    """Lines of a diff text for one device: "vi0 netaddr: 10.68.6.1", one per
    attribute (one per value for MULTI), the values before (@side 'before')
    or after.  @current: the attributes of a device removed (before side)."""
    lines = []
    if current is not None:
        for attr in ATTRIBUTES:
            if attr not in current:
                continue
            values = current[attr] if attr in MULTI else [current[attr]]
            lines += ['%s %s: %s' % (name, attr, v) for v in values]
        return lines
    for c in changes:
        if c['attribute'] == 'status':
            continue
        value = c[side]
        values = value if isinstance(value, list) else [value]
        lines += ['%s %s: %s' % (name, c['attribute'], v) for v in values]
    return lines


def diff_of(devs, removed_attrs=None):
    """Ansible's diff of parse_changes output: before and after texts, one
    line per attribute value; @removed_attrs: the attributes of the devices
    removed, by name."""
    before = []
    after = []
    for d in devs:
        if d['action'] == 'remove':
            before += diff_lines(d['name'], [], 'before',
                                 (removed_attrs or {}).get(d['name'], {}))
            continue
        if d['action'] != 'create':
            before += diff_lines(d['name'], d['changes'], 'before')
        after += diff_lines(d['name'], d['changes'], 'after')
    return {'before': '\n'.join(before) + ('\n' if before else ''),
            'after': '\n'.join(after) + ('\n' if after else ''),
            'before_header': 'VIPAs before', 'after_header': 'VIPAs after'}


class Host(object):
    """The VIPAs of the host the module runs on, read and changed through the
    commands found on the task's PATH."""

    def __init__(self, module):
        self.module = module
        self.commands = []   # the changing commands run, as argument lists
        self.changed = False  # whether one of them changed the host

    def _bin(self, name):
        return self.module.get_bin_path(name, required=True)

    def run(self, name, args, change=False, data=None, ok=(0,)):
        cmd = [self._bin(name)] + list(args)
        if data is None:
            rc, out, err = self.module.run_command(cmd)
        else:
            rc, out, err = self.module.run_command(cmd, data=data, binary_data=True)
        if change:
            self.commands.append([name] + list(args))
            self.changed = self.changed or rc in (0, RC_ROUTES_LOST)
        for line in err.splitlines():
            if 'warning:' in line:
                self.module.warn(line)
        if rc not in ok:
            message = err.strip() or out.strip() or '%s exited with status %d' % (name, rc)
            raise VipaError(message, rc=rc, cmd=[name] + list(args),
                            changed=change and rc == RC_ROUTES_LOST)
        return rc, out

    def devices(self):
        """{name: status} of every VIPA (Available, Defined, ...)."""
        out = self.run('lsdev', ['-C'] + list(VI_TYPE) + ['-F', 'name:status'])[1]
        devs = {}
        for line in out.splitlines():
            if ':' in line:
                name, status = line.split(':', 1)
                devs[name] = status
        return devs

    def attributes(self, name):
        """The current attributes of device @name (defaults included)."""
        return parse_colon(self.run('lsattr', ['-E', '-O', '-l', name])[1])

    def read(self, name=None):
        """{name: {'status': ..., 'attributes': {...}}} of every VIPA, or of
        @name only (empty when it does not exist)."""
        result = {}
        for dev, status in sorted(self.devices().items()):
            if name is None or dev == name:
                result[dev] = {'status': status, 'attributes': self.attributes(dev)}
        return result

    def apply(self, text, remove_others=False, check=False):
        """cfgvi -p: the stanzas @text applied (the attributes a stanza does
        not name keep their value), with -r the VIPAs they do not name
        removed; with @check the dry run.  Returns parse_changes of what it
        printed (what it did, or would do)."""
        args = ['-p'] + (['-r'] if remove_others else []) + (['-n'] if check else [])
        args += ['-f', '-']
        rc, out = self.run('cfgvi', args, change=not check, data=text,
                           ok=(0, RC_PENDING) if check else (0,))
        return parse_changes([ln for ln in out.splitlines() if ln])

    def remove(self, name, check=False):
        if not check:
            self.run('rmdev', ['-l', name, '-d'], change=True)
