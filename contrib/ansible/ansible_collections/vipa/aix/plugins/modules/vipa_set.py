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
  - The host is read once; then the devices to remove go first (freeing their
    interfaces and addresses), then the devices to change, then the devices to
    create.
  - Each device is changed by one command (C(mkinetvi), C(mkinetvi6), C(chdev) or
    C(rmdev)), one transaction each; a device the commands refuse stops the task
    with their message, after the devices before it were applied.
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
          - The attributes as C(lsattr -El) names them; see M(vipa.aix.vipa).
        type: dict
        default: {}
  prune:
    description:
      - Remove every VIPA of the host that I(vipas) does not name.
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
  description: One entry per device changed (or to change, in check mode).
  returned: always
  type: list
  elements: dict
  sample: [{"name": "vi1", "action": "create",
            "changes": [{"attribute": "netaddr", "before": null, "after": "10.68.7.1"}]}]
commands:
  description: The changing commands run, one argument list each.
  returned: always
  type: list
  elements: list
  sample: [["rmdev", "-l", "vi2", "-d"]]
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vipa.aix.plugins.module_utils.vipa import (
    Host, VipaError, apply_vipa, diff_of)


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
    names = [e['name'] for e in entries]
    twice = sorted(set(n for n in names if names.count(n) > 1))
    if twice:
        module.fail_json(msg='vipas names %s more than once' % ', '.join(twice))

    host = Host(module)
    results = []
    try:
        current = host.read()
        removals = [dict(name=n, state='absent', attributes={})
                    for n in sorted(current) if module.params['prune'] and n not in names]
        removals += [e for e in entries if e['state'] == 'absent']
        changes = [e for e in entries if e['state'] == 'present' and e['name'] in current]
        creations = [e for e in entries if e['state'] == 'present' and e['name'] not in current]
        for e in removals + changes + creations:
            res = apply_vipa(host, e['name'], e['state'], e['attributes'], module.check_mode,
                             current)
            if res['changed']:
                res['action'] = ('remove' if e['state'] == 'absent'
                                 else 'change' if e['name'] in current else 'create')
                results.append(res)
    except VipaError as e:
        module.fail_json(msg=e.message, rc=e.rc, cmd=e.cmd,
                         changed=host.changed,
                         commands=host.commands)

    result = dict(
        changed=bool(results),
        vipas=[dict(name=r['name'], action=r['action'], changes=r['changes']) for r in results],
        commands=host.commands,
    )
    if results:
        result['msg'] = '; '.join(m for r in results for m in r['messages'])
    if module._diff:
        result['diff'] = diff_of(results)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
