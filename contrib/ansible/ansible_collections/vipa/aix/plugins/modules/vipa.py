#!/usr/bin/python
# SPDX-License-Identifier: GPL-2.0-or-later
# -*- coding: utf-8 -*-
# vipa.aix.vipa - one virtual IP address of a host, through the vipa commands.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: vipa
short_description: Manage one AIX-style virtual IP address (VIPA) on Linux
version_added: "1.0.0"
description:
  - Defines, changes or removes one virtual IP address device (C(vi0), C(vi1), ...)
    of the vipa suite, in its object repository and in the kernel.
  - Changes the host with C(cfgvi -p), one stanza for the device, and removes it
    with C(rmdev); reads it with C(lsdev) and C(lsattr). The commands validate
    every value, so a value they refuse fails the task with their own message,
    and every change is one transaction of theirs (undone if the kernel refuses
    it).
  - The commands are looked up on the task's C(PATH); they use the object
    repository named by C(ODMDIR) in the task's environment (the configured one
    when it is not set).
  - Only the attributes given are compared and changed; the task reports a
    change only when an attribute differs (or the kernel did not hold the
    device as its repository says, which C(cfgvi) then puts right). Values are
    compared in the form the commands store them (a netmask C(0xffffff00) is
    C(255.255.255.0)).
  - An interface may belong to one virtual IP address only (in either family);
    the commands refuse an interface another VIPA uses.
options:
  name:
    description:
      - The device name, C(vi) followed by an instance number.
    type: str
    required: true
  state:
    description:
      - C(present) defines and configures the device with I(attributes), or
        changes the attributes that differ; a Defined device becomes Available.
      - C(absent) removes the device (C(rmdev -d)); the routes it gave its
        address as source get their previous source back first.
    type: str
    choices: [present, absent]
    default: present
  attributes:
    description:
      - The device's attributes, named as C(lsattr -El) names them -
        C(netaddr), C(netmask), C(netaddr6), C(prefixlen), C(alias4) (list of
        C(address,netmask)), C(alias6) (list of C(address/length)),
        C(interface_names) (a comma-separated string or a list) and C(state)
        (C(up), C(down) or C(detach)).
      - A new device needs C(netaddr) and C(netmask), or C(netaddr6) and
        C(prefixlen).
      - An empty value sets the attribute back to its default; a list sets
        exactly those aliases, an empty list removes every alias.
    type: dict
    default: {}
notes:
  - Supports C(check_mode) (C(cfgvi -n)) and C(diff_mode); the diff names each
    attribute's old and new value.
  - The task's environment must give the commands what they need, for instance
    an C(environment) keyword setting C(ODMDIR) (see the examples).
seealso:
  - module: vipa.aix.vipa_set
  - module: vipa.aix.vipa_facts
author:
  - vipa authors
'''

EXAMPLES = r'''
- name: The AIX sample VIPA on en1 and en5
  vipa.aix.vipa:
    name: vi0
    attributes:
      netaddr: 10.68.6.1
      netmask: 255.255.255.0
      interface_names: en1,en5

- name: An IPv6 address on the same device, and two IPv4 aliases
  vipa.aix.vipa:
    name: vi0
    attributes:
      netaddr6: 2001:db8:6::1
      prefixlen: 64
      alias4:
        - 10.68.8.1,255.255.255.255
        - 10.68.9.1,255.255.255.0

- name: Out of service, addresses kept in the repository
  vipa.aix.vipa:
    name: vi0
    attributes:
      state: down

- name: Gone, routes given their previous source back
  vipa.aix.vipa:
    name: vi0
    state: absent
  environment:
    ODMDIR: /var/lib/vipa/objrepos
'''

RETURN = r'''
changes:
  description:
    - One entry per attribute changed (or to change, in check mode); for
      C(alias4) and C(alias6) the values removed (before) and added (after).
  returned: always
  type: list
  elements: dict
  sample: [{"attribute": "netaddr", "before": "10.68.6.1", "after": "10.68.6.2"}]
commands:
  description: The changing commands run, one argument list each.
  returned: always
  type: list
  elements: list
  sample: [["cfgvi", "-p", "-f", "-"]]
vipa:
  description:
    - The device as it is after the task (before it, in check mode), empty
      when it does not exist.
  returned: always
  type: dict
  sample: {"status": "Available", "attributes": {"netaddr": "10.68.6.1", "state": "up",
           "netmask": "255.255.255.0", "netaddr6": "", "alias6": [], "prefixlen": "",
           "alias4": [], "interface_names": "en1,en5"}}
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vipa.aix.plugins.module_utils.vipa import (
    Host, VipaError, desired_attributes, diff_of, stanza)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            attributes=dict(type='dict', default={}),
        ),
        supports_check_mode=True,
    )
    name = module.params['name']
    host = Host(module)
    removed = {}
    try:
        current = host.read(name)
        if module.params['state'] == 'absent':
            devs = []
            if name in current:
                removed[name] = current[name]['attributes']
                devs = [dict(name=name, action='remove', changes=[],
                             messages=['-%s' % name])]
                host.remove(name, module.check_mode)
        else:
            text = stanza(name, desired_attributes(module.params['attributes']))
            devs = host.apply(text, check=module.check_mode)
        changed = bool(devs)
        after = host.read(name) if changed and not module.check_mode else current
    except VipaError as e:
        module.fail_json(msg=e.message, rc=e.rc, cmd=e.cmd, changed=host.changed,
                         commands=host.commands)
    result = dict(changed=changed, changes=[c for d in devs for c in d['changes']],
                  commands=host.commands, vipa=after.get(name, {}))
    if changed:
        result['msg'] = '; '.join(m for d in devs for m in d['messages'])
    if module._diff:
        result['diff'] = diff_of(devs, removed)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
