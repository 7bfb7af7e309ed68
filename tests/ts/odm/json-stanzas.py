# SPDX-License-Identifier: GPL-2.0-or-later
# json-stanzas.py FILE CLASS...: the objects of the odmget --json document
# FILE, written back as the stanzas odmget prints (the same escapes), so
# that a test can compare the two outputs.  Fails when FILE does not parse.
import json
import sys

ESC = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t'}


def quoted(s):
    out = []
    for c in s:
        if c in ESC:
            out.append(ESC[c])
        elif ord(c) < 0x20 or ord(c) == 0x7f:
            out.append('\\%03o' % ord(c))
        else:
            out.append(c)
    return '"' + ''.join(out) + '"'


with open(sys.argv[1], encoding='utf-8') as f:
    doc = json.load(f)
w = sys.stdout.buffer
for cls in sys.argv[2:]:
    for obj in doc[cls]:
        w.write((cls + ':\n').encode())
        for k, v in obj.items():
            text = quoted(v) if isinstance(v, str) else json.dumps(v)
            w.write(('\t%s = %s\n' % (k, text)).encode('utf-8'))
        w.write(b'\n')
