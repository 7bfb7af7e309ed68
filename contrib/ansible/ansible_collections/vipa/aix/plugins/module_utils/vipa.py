# SPDX-License-Identifier: GPL-2.0-or-later
# -*- coding: utf-8 -*-
# vipa.py - read and change the virtual IP addresses of a host through the
# vipa commands (lsdev, lsattr, mkinetvi, mkinetvi6, chdev, rmdev).
#
# Every read and every change of the modules goes through this file, so
# that the modules keep working if the commands grow another output form
# (JSON) or a command applying a whole set at once: only this layer changes.
#
# The commands read ODMDIR (and VIPA_DATADIR) from the environment; the
# modules inherit the task's environment, so nothing is passed here.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re
import socket

# The attributes of a VIPA, in the order lsattr lists them.
ATTRIBUTES = ('netaddr', 'state', 'netmask', 'netaddr6', 'alias6', 'prefixlen',
              'alias4', 'interface_names')
# Attributes that hold several values (one CuAt object each).
MULTI = ('alias4', 'alias6')

# The device type of a VIPA (lsdev -c Class -s Subclass -t Type).
VI_TYPE = ('-c', 'if', '-s', 'VI', '-t', 'vi')

# Exit status 6 of the changing commands: the change was made, but routes
# that had the VIPA as source were found lost with its address.
RC_ROUTES_LOST = 6


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


# Canonical forms, as the commands store values: a value given in another
# accepted form (a 0x netmask, an IPv6 address not compressed, "064") must
# not look like a change on every run.  A value that does not parse is left
# as it is: the command refuses it with its own message.

_V4 = re.compile(r'^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$')
_INT = re.compile(r'^-?[0-9]+$')


def _mask(value):
    if value[:2] in ('0x', '0X'):
        if len(value) != 10:
            return None
        try:
            m = int(value[2:], 16)
        except ValueError:
            return None
    else:
        if not _V4.match(value):
            return None
        parts = [int(p) for p in value.split('.')]
        if any(p > 255 for p in parts):
            return None
        m = (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]
    return '%d.%d.%d.%d' % (m >> 24, (m >> 16) & 255, (m >> 8) & 255, m & 255)


def _inet6(value):
    try:
        return socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, value))
    except (socket.error, ValueError, OSError):
        return None


def canonical(attr, value):
    """The form in which the commands store @value of @attr."""
    if value == '':
        return value
    out = None
    if attr == 'netmask':
        out = _mask(value)
    elif attr == 'netaddr6':
        out = _inet6(value)
    elif attr == 'prefixlen':
        out = str(int(value)) if _INT.match(value) else None
    elif attr == 'alias4' and value.count(',') == 1:
        addr, mask = value.split(',')
        mask = _mask(mask)
        out = addr + ',' + mask if mask else None
    elif attr == 'alias6' and '/' in value:
        addr, plen = value.split('/', 1)
        addr = _inet6(addr)
        if addr and _INT.match(plen):
            out = '%s/%d' % (addr, int(plen))
    return value if out is None else out


def desired_attributes(attributes):
    """The attributes as a module's user gave them, as strings in their
    canonical form: lists for MULTI, interface_names also from a list."""
    out = {}
    for attr, value in (attributes or {}).items():
        attr = str(attr)
        if attr in MULTI:
            if value is None:
                value = []
            elif not isinstance(value, (list, tuple)):
                value = [value]
            out[attr] = [canonical(attr, str(v)) for v in value if str(v) != '']
        else:
            if value is None:
                value = ''
            elif isinstance(value, bool):
                # YAML reads a bare yes/no/on/off as a boolean
                value = 'yes' if value else 'no'
            elif isinstance(value, (list, tuple)):
                value = ','.join(str(v) for v in value)
            out[attr] = canonical(attr, str(value))
    return out


def _same(attr, current, wanted):
    if attr in MULTI:
        return sorted(current or []) == sorted(wanted)
    return current == wanted


def plan(current, wanted, defaults):
    """The attributes that differ: a list of (attribute, before, after), in
    lsattr's order.  @current is None for a device that does not exist: then
    every value given (before None).  An empty value wanted means the
    attribute's default."""
    changes = []
    order = list(ATTRIBUTES) + sorted(a for a in wanted if a not in ATTRIBUTES)
    for attr in order:
        if attr not in wanted:
            continue
        after = wanted[attr]
        if attr not in MULTI and after == '':
            after = defaults.get(attr, '')
        if current is None:
            if after != [] and after != '':
                changes.append((attr, None, after))
            continue
        before = current.get(attr, [] if attr in MULTI else None)
        if not _same(attr, before, after):
            changes.append((attr, before, after))
    return changes


def _show(value):
    if value is None:
        return '(none)'
    if isinstance(value, list):
        return ' '.join(value) if value else '(none)'
    return value if value != '' else '(empty)'


def diff_lines(name, attributes):
    """Lines of a diff text: "vi0 netaddr: 10.68.6.1", one per attribute
    (one per value for MULTI)."""
    lines = []
    for attr, value in attributes:
        if attr in MULTI:
            for v in value or []:
                lines.append('%s %s: %s' % (name, attr, v))
        else:
            lines.append('%s %s: %s' % (name, attr, value))
    return lines


def describe(name, change):
    """One line naming an attribute's old and new value."""
    attr, before, after = change
    return '%s %s: %s -> %s' % (name, attr, _show(before), _show(after))


def assignments(attrs):
    """-a Attribute=Value arguments: one per value for MULTI, an empty value
    to remove them all."""
    args = []
    for attr, value in attrs:
        if attr in MULTI:
            if not value:
                args += ['-a', '%s=' % attr]
            for v in value:
                args += ['-a', '%s=%s' % (attr, v)]
        else:
            args += ['-a', '%s=%s' % (attr, value)]
    return args


class Host(object):
    """The VIPAs of the host the module runs on, read and changed through the
    commands found on the task's PATH."""

    def __init__(self, module):
        self.module = module
        self.commands = []   # the changing commands run, as argument lists
        self.changed = False  # whether one of them changed the host
        self._defaults = None

    def _bin(self, name):
        return self.module.get_bin_path(name, required=True)

    def run(self, name, args, change=False):
        cmd = [self._bin(name)] + list(args)
        rc, out, err = self.module.run_command(cmd)
        if change:
            self.commands.append([name] + list(args))
            self.changed = self.changed or rc in (0, RC_ROUTES_LOST)
            for line in err.splitlines():
                if 'warning:' in line:
                    self.module.warn(line)
        if rc != 0:
            message = err.strip() or out.strip() or '%s exited with status %d' % (name, rc)
            raise VipaError(message, rc=rc, cmd=[name] + list(args),
                            changed=change and rc == RC_ROUTES_LOST)
        return out

    def devices(self):
        """{name: status} of every VIPA (Available, Defined, ...)."""
        out = self.run('lsdev', ['-C'] + list(VI_TYPE) + ['-F', 'name:status'])
        devs = {}
        for line in out.splitlines():
            if ':' in line:
                name, status = line.split(':', 1)
                devs[name] = status
        return devs

    def attributes(self, name):
        """The current attributes of device @name (defaults included)."""
        return parse_colon(self.run('lsattr', ['-E', '-O', '-l', name]))

    def defaults(self):
        """The default value of each attribute of a VIPA."""
        if self._defaults is None:
            self._defaults = parse_colon(self.run('lsattr', ['-D', '-O'] + list(VI_TYPE)))
        return self._defaults

    def read(self, name=None):
        """{name: {'status': ..., 'attributes': {...}}} of every VIPA, or of
        @name only (empty when it does not exist)."""
        result = {}
        for dev, status in sorted(self.devices().items()):
            if name is None or dev == name:
                result[dev] = {'status': status, 'attributes': self.attributes(dev)}
        return result

    def create(self, name, attrs):
        """Define and configure @name with the (attribute, value) pairs of
        @attrs: mkinetvi when an IPv4 address is given, mkinetvi6 for an
        IPv6 address alone (each names what it requires)."""
        given = dict(attrs)
        cmd = 'mkinetvi6' if 'netaddr6' in given and 'netaddr' not in given else 'mkinetvi'
        self.run(cmd, ['-w', name] + assignments(attrs), change=True)

    def change(self, name, attrs):
        self.run('chdev', ['-l', name] + assignments(attrs), change=True)

    def remove(self, name):
        self.run('rmdev', ['-l', name, '-d'], change=True)


def apply_vipa(host, name, state, attributes, check_mode, current=None):
    """Bring VIPA @name to @state (present with @attributes, or absent).
    @current is host.read() when the caller has it.  Returns a dict:
    changed, changes (attribute, before, after, one dict each), before and
    after (lines for a diff), messages (one line per change)."""
    if current is None:
        current = host.read(name)
    dev = current.get(name)
    res = {'name': name, 'changed': False, 'changes': [], 'before': [], 'after': [],
           'messages': []}
    if state == 'absent':
        if dev is None:
            return res
        attrs = dev['attributes']
        res['before'] = diff_lines(name, [(a, attrs[a]) for a in ATTRIBUTES if a in attrs])
        res['changes'] = [{'attribute': a, 'before': attrs[a], 'after': None}
                          for a in ATTRIBUTES if a in attrs]
        res['messages'] = ['%s removed' % name]
        res['changed'] = True
        if not check_mode:
            host.remove(name)
        return res

    wanted = desired_attributes(attributes)
    changes = plan(dev['attributes'] if dev else None, wanted, host.defaults())
    if dev is not None and not changes:
        return res
    res['changed'] = True
    res['changes'] = [{'attribute': a, 'before': b, 'after': c} for a, b, c in changes]
    res['before'] = diff_lines(name, [(a, b) for a, b, c in changes if b is not None])
    res['after'] = diff_lines(name, [(a, c) for a, b, c in changes])
    res['messages'] = ([describe(name, c) for c in changes] if dev
                       else ['%s created' % name] + [describe(name, c) for c in changes])
    if not check_mode:
        pairs = [(a, c) for a, b, c in changes]
        if dev is None:
            host.create(name, pairs)
        else:
            host.change(name, pairs)
    return res


def diff_of(results):
    """Ansible's diff of a list of apply_vipa results: before and after
    texts, one line per attribute value."""
    before = []
    after = []
    for r in results:
        before += r['before']
        after += r['after']
    return {'before': '\n'.join(before) + ('\n' if before else ''),
            'after': '\n'.join(after) + ('\n' if after else ''),
            'before_header': 'VIPAs before', 'after_header': 'VIPAs after'}
