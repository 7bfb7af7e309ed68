#!/usr/bin/python
# SPDX-License-Identifier: GPL-2.0-or-later
# -*- coding: utf-8 -*-
# vipa.aix.vipa_facts - the virtual IP addresses of a host as facts.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: vipa_facts
short_description: The AIX-style virtual IP addresses (VIPAs) of a host as facts
version_added: "1.0.0"
description:
  - Reads every virtual IP address device of the host (C(lsdev), C(lsattr)) and
    returns them as the fact C(vipa_devices).
  - The commands are looked up on the task's C(PATH) and use the object
    repository named by C(ODMDIR) in the task's environment.
options: {}
notes:
  - Supports C(check_mode); it changes nothing.
seealso:
  - module: vipa.aix.vipa
author:
  - vipa authors
'''

EXAMPLES = r'''
- name: Read the VIPAs
  vipa.aix.vipa_facts:

- name: Show the address of vi0
  ansible.builtin.debug:
    msg: "{{ ansible_facts.vipa_devices.vi0.attributes.netaddr }}"
'''

RETURN = r'''
ansible_facts:
  description: The facts.
  returned: always
  type: complex
  contains:
    vipa_devices:
      description:
        - One entry per device, by name - its status (C(Available), C(Defined))
          and its attributes as C(lsattr -El) lists them (defaults included);
          C(alias4) and C(alias6) are lists.
      returned: always
      type: dict
      sample: {"vi0": {"status": "Available", "attributes": {"netaddr": "10.68.6.1",
               "state": "up", "netmask": "255.255.255.0", "netaddr6": "", "alias6": [],
               "prefixlen": "", "alias4": [], "interface_names": "en1,en5"}}}
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vipa.aix.plugins.module_utils.vipa import Host, VipaError


def main():
    module = AnsibleModule(argument_spec=dict(), supports_check_mode=True)
    try:
        devices = Host(module).read()
    except VipaError as e:
        module.fail_json(msg=e.message, rc=e.rc, cmd=e.cmd)
    module.exit_json(changed=False, ansible_facts=dict(vipa_devices=devices))


if __name__ == '__main__':
    main()
