import { clientAddressKey } from './client-address';

describe('clientAddressKey', () => {
  it('keeps IPv4 addresses, also when mapped into IPv6', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 address by its /64, whatever its spelling', () => {
    const key = '2001:db8:1:2::/64';
    for (const ip of [
      '2001:db8:1:2:aaaa:bbbb:cccc:dddd',
      '2001:db8:1:2::9',
      '2001:0DB8:0001:0002::1',
      '2001:db8:1:2:0:0:0:1',
      'fe80::1%eth0'.replace('fe80::1', '2001:db8:1:2::1'),
    ])
      expect([ip, clientAddressKey(ip)]).toEqual([ip, key]);
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    // `::` may stand for groups of the second half only: the first four groups come from both sides.
    expect(clientAddressKey('2001:db8::1:2:3:4:5')).toBe('2001:db8:0:1::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('2001:db8:1:3::1')).not.toBe(key);
  });

  it('bounds anything else it is given', () => {
    expect(clientAddressKey('x'.repeat(200))).toHaveLength(64);
  });
});
