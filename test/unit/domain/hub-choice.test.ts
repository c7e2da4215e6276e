import { describe, expect, it } from 'vitest';
import { chooseHub } from '../../../src/domain/hub-choice.js';

const acme = { id: '1', label: 'Acme Ads' };
const beta = { id: '2', label: 'Beta' };

describe('chooseHub', () => {
  it('takes the only hub when no name is given', () => {
    expect(chooseHub([acme], undefined)).toEqual({ kind: 'found', hub: acme });
  });
  it('asks which one when there are several and no name', () => {
    expect(chooseHub([acme, beta], '  ')).toEqual({ kind: 'name_needed', choices: [acme, beta] });
  });
  it('matches labels case-insensitively, spaces included', () => {
    expect(chooseHub([acme, beta], 'acme ads')).toEqual({ kind: 'found', hub: acme });
  });
  it('reports an unknown name with the choices, even with one hub', () => {
    expect(chooseHub([acme], 'Gamma')).toEqual({ kind: 'unknown', name: 'Gamma', choices: [acme] });
  });
  it('says when nothing is connected', () => {
    expect(chooseHub([], 'x')).toEqual({ kind: 'no_hubs' });
  });
});
