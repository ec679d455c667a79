import { describe, expect, it } from 'vitest';
import { parseRoute } from './App';

describe('the address fragment names the page', () => {
  it('splits the path from its parameters', () => {
    expect(parseRoute('').path).toBe('/');
    expect(parseRoute('#/').path).toBe('/');
    expect(parseRoute('#/channels/3f2a').path).toBe('/channels/3f2a');
    const route = parseRoute('#/channels?customer=customer-3&x=%20y');
    expect(route.path).toBe('/channels');
    expect(route.params.get('customer')).toBe('customer-3');
    expect(route.params.get('x')).toBe(' y');
  });
});
