import assert from 'node:assert/strict';
import { clientAddressKey } from '../../server/lib/client-address';

describe('client address key', () => {
  it("counts an IPv6 subscriber's /64 as one address, and IPv4-mapped IPv6 as IPv4", () => {
    assert.equal(clientAddressKey('2001:db8:1:2:aaaa::1'), clientAddressKey('2001:db8:1:2:ffff:1:2:3'));
    assert.equal(clientAddressKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    assert.notEqual(clientAddressKey('2001:db8:1:3::1'), clientAddressKey('2001:db8:1:2::1'));
    assert.equal(clientAddressKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(clientAddressKey('203.0.113.9'), '203.0.113.9');
    assert.equal(clientAddressKey(undefined), 'unknown');
  });
});
