// How the page writes counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withThousands } from '../../web/numbers.js';

test('counts get a comma every three digits from the right, and nothing else changes', () => {
  assert.equal(withThousands(0), '0');
  assert.equal(withThousands(999), '999');
  assert.equal(withThousands(1000), '1,000');
  assert.equal(withThousands(101770), '101,770');
  assert.equal(withThousands(60000), '60,000');
  assert.equal(withThousands(1234567), '1,234,567');
  assert.equal(withThousands(-45000), '-45,000');
});
