import * as assert from 'node:assert/strict';
import { editStartValue, valueToSend } from '../../../media/panel/cellEdit';
import type { RowView } from '../../../src/shared/protocol';

function row(fields: Partial<RowView>): RowView {
  return {
    id: 't1',
    title: 'Write docs',
    startedAt: 0,
    day: '2026-01-01',
    running: false,
    humanHours: 2,
    aiMinutes: 12,
    aiSource: 'measured',
    supMinutes: 3,
    supSource: 'measured',
    tokens: null,
    leverage: 10,
    supLeverage: 40,
    commits: 0,
    aiVia: null,
    machine: null,
    text: { human: '2h', ai: '12m', sup: '3m', tokens: '—', leverage: '10.0x', supLeverage: '40.0x' },
    tokensTitle: '',
    opinionTitle: '',
    ...fields,
  };
}

describe('panel cell editing', () => {
  it("starts a minutes box from the row's number, not from its display text", () => {
    assert.equal(editStartValue(row({ aiMinutes: 0.4, text: { ...row({}).text, ai: '<1m' } }), 'aiMinutes'), '0.4');
    assert.equal(editStartValue(row({ supMinutes: 12.345, text: { ...row({}).text, sup: '12m' } }), 'supMinutes'), '12.345');
    assert.equal(editStartValue(row({ aiMinutes: null }), 'aiMinutes'), '');
  });

  it('starts title and estimate boxes from the row', () => {
    assert.equal(editStartValue(row({}), 'title'), 'Write docs');
    assert.equal(editStartValue(row({ humanHours: 1.5 }), 'estimate'), '1.5h');
    assert.equal(editStartValue(row({ humanHours: null }), 'estimate'), '');
  });

  it('sends nothing when the value is unchanged (so a measured figure is not marked as corrected)', () => {
    assert.equal(valueToSend('12.345', '12.345'), undefined);
    assert.equal(valueToSend('12.345', ' 12.345 '), undefined);
    assert.equal(valueToSend('12.345', '15'), '15');
  });
});
