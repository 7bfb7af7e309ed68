#!/usr/bin/python
# SPDX-License-Identifier: GPL-2.0-or-later
# -*- coding: utf-8 -*-
# vipa.aix.vipa_set - a whole set of virtual IP addresses of a host.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: vipa_set
short_description: Apply a whole set of AIX-style virtual IP addresses (VIPAs) on Linux
version_added: "1.0.0"
description:
  - Brings the virtual IP address devices of a host to a given set, each entry
    as M(vipa.aix.vipa) would, and with I(prune) removes the VIPAs the set does
    not name.
  - The set goes to the host as one stanza file applied by C(cfgvi -p) (with
    I(prune), C(cfgvi -p -r)) - one transaction for the whole set, held while
    the kernel is changed; when any device is refused, or the kernel refuses a
    change, nothing changes and the task fails with the command's message (every
    problem, one line each).
  - Every device is checked against the others as the set leaves them, so an
    address or an interface may move from one device to another in one set,
    in any order.
  - Without I(prune), the entries with I(state=absent) are removed first, each
    by C(rmdev -d) (a transaction each), then the set is applied.
  - Check mode runs C(cfgvi -n), which prints exactly the changes a run would
    make; the diff is made from them.
  - The commands are looked up on the task's C(PATH) and use the object
    repository named by C(ODMDIR) in the task's environment.
options:
  vipas:
    description:
      - The set, one entry per device.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: The device name, C(vi) followed by an instance number.
        type: str
        required: true
      state:
        description: C(present) or C(absent), as for M(vipa.aix.vipa).
        type: str
        choices: [present, absent]
        default: present
      attributes:
        description:
          - The attributes as C(lsattr -El) names them; see M(vipa.aix.vipa). Only
            those given are compared and changed.
        type: dict
        default: {}
  prune:
    description:
      - Remove every VIPA of the host that I(vipas) does not name (or names
        with I(state=absent)), in the same transaction as the rest of the set.
    type: bool
    default: false
notes:
  - Supports C(check_mode) and C(diff_mode); the diff names each attribute's old
    and new value, one line per device and attribute.
seealso:
  - module: vipa.aix.vipa
  - module: vipa.aix.vipa_facts
author:
  - vipa authors
'''

EXAMPLES = r'''
- name: Exactly these VIPAs, no other
  vipa.aix.vipa_set:
    prune: true
    vipas:
      - name: vi0
        attributes:
          netaddr: 10.68.6.1
          netmask: 255.255.255.0
          netaddr6: 2001:db8:6::1
          prefixlen: 64
          interface_names: en1,en5
      - name: vi1
        attributes:
          netaddr: 10.68.7.1
          netmask: 255.255.255.255
  environment:
    ODMDIR: /var/lib/vipa/objrepos
'''

RETURN = r'''
vipas:
  description:
    - One entry per device changed (or to change, in check mode) - its action
      (C(create), C(change), C(remove), or C(kernel) when only the kernel was
      put back as the repository says) and its changes (for C(alias4) and
      C(alias6) the values removed and added).
  returned: always
  type: list
  elements: dict
  sample: [{"name": "vi1", "action": "create",
            "changes": [{"attribute": "netaddr", "before": "", "after": "10.68.7.1"}]}]
commands:
  description: The changing commands run, one argument list each.
  returned: always
  type: list
  elements: list
  sample: [["cfgvi", "-p", "-r", "-f", "-"]]
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vipa.aix.plugins.module_utils.vipa import (
    Host, VipaError, desired_attributes, diff_of, stanza)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            vipas=dict(type='list', elements='dict', required=True, options=dict(
                name=dict(type='str', required=True),
                state=dict(type='str', default='present', choices=['present', 'absent']),
                attributes=dict(type='dict', default={}),
            )),
            prune=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )
    entries = module.params['vipas']
    prune = module.params['prune']
    names = [e['name'] for e in entries]
    twice = sorted(set(n for n in names if names.count(n) > 1))
    if twice:
        module.fail_json(msg='vipas names %s more than once' % ', '.join(twice))

    host = Host(module)
    devs = []
    removed = {}
    try:
        current = host.devices()
        present = [e for e in entries if e['state'] == 'present']
        gone = [n for n in sorted(current)
                if (prune and n not in [e['name'] for e in present]) or
                (n in names and n not in [e['name'] for e in present])]
        if module._diff:
            # what a device removed was, for the diff's before side
            for n in gone:
                removed[n] = host.attributes(n)
        if not prune:
            for n in gone:
                host.remove(n, module.check_mode)
                devs.append(dict(name=n, action='remove', changes=[], messages=['-%s' % n]))
        text = ''.join(stanza(e['name'], desired_attributes(e['attributes'])) for e in present)
        if present or prune:
            devs += host.apply(text, remove_others=prune, check=module.check_mode)
    except VipaError as e:
        module.fail_json(msg=e.message, rc=e.rc, cmd=e.cmd, changed=host.changed,
                         commands=host.commands)

    result = dict(
        changed=bool(devs),
        vipas=[dict(name=d['name'], action=d['action'], changes=d['changes']) for d in devs],
        commands=host.commands,
    )
    if devs:
        result['msg'] = '; '.join(m for d in devs for m in d['messages'])
    if module._diff:
        result['diff'] = diff_of(devs, removed)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
