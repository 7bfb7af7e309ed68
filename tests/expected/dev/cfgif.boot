vi0: link created
vi0: address 10.68.6.1/24 added
vi0: link set up
vi0: route 0.0.0.0/0 dev en1 table 254: source 10.68.6.1
vi0: route 10.68.1.0/24 dev en1 table 254: source 10.68.6.1
vi0: route 10.68.5.0/24 dev en5 table 254: source 10.68.6.1
vi1: link created
vi1: address 2001:db8:6::1/64 added
vi1: address 2001:db8:6::2/128 added
vi1: link set up
--- exit 0
