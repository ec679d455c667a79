import { describe, expect, it } from 'vitest';
import { describeProblem, problemCode } from './problem';

describe('a problem+json answer, shown to a person', () => {
  it('is named by its type in the reader language, with the server detail', () => {
    const problem = { type: 'urn:reseller:problem:channel-limit-reached', title: 'Channel limit reached', status: 409,
      detail: 'the plan allows 1 channel' };
    expect(problemCode(problem)).toBe('channel-limit-reached');
    expect(describeProblem(problem, 'id')).toBe('Batas kanal paket sudah tercapai — the plan allows 1 channel');
    expect(describeProblem(problem, 'en')).toBe("The plan's channel limit is reached — the plan allows 1 channel");
  });

  it('keeps the server title for a type the console does not know, and lists invalid fields', () => {
    expect(describeProblem({ type: 'urn:reseller:problem:brand-new', title: 'Brand new', detail: 'why' }, 'en'))
      .toBe('Brand new — why');
    expect(describeProblem({ type: 'urn:reseller:problem:invalid-request', violations: [{ field: 'reference', message: 'must not be blank' }] }, 'en'))
      .toBe('Some values are not valid — reference: must not be blank');
  });

  it('says a field once when the detail already names it', () => {
    expect(describeProblem({ type: 'urn:reseller:problem:invalid-request', detail: 'partnerToken: size must be between 8 and 4096',
      violations: [{ field: 'partnerToken', message: 'size must be between 8 and 4096' }] }, 'en'))
      .toBe('Some values are not valid — partnerToken: size must be between 8 and 4096');
  });

  it('is never empty, whatever came back', () => {
    expect(describeProblem(undefined, 'en')).toBe('Something went wrong');
    expect(describeProblem({}, 'id')).toBe('Terjadi kesalahan');
    expect(describeProblem('<html>502</html>' as never, 'en')).toBe('Something went wrong');
  });

  it('names the channel refusals a customer meets on its channel page, in Indonesian too', () => {
    const restarting = { type: 'urn:reseller:problem:channel-restarting', title: 'The channel is restarting', status: 503,
      detail: 'WHAPI restarts a channel after it goes live; try again shortly' };
    expect(describeProblem(restarting, 'id')).toBe('Kanal sedang dimulai ulang — WHAPI restarts a channel after it goes live; try again shortly');
    expect(describeProblem({ type: 'urn:reseller:problem:whapi-not-configured' }, 'en')).toBe('WHAPI is not set up yet (WHAPI settings)');
    // a type the console does not know yet keeps the server's own title
    expect(describeProblem({ type: 'urn:reseller:problem:queue-full', title: 'The creation queue is full' }, 'id')).toBe('The creation queue is full');
  });
});
