import { applyAction, emptyForm, parseAction, parseTemplateForm, templateDto } from './survey-template-form';

describe('the survey template form', () => {
  it('reads the buttons: save by default, structural actions by name and position', () => {
    expect(parseAction(undefined)).toEqual({ kind: 'save' });
    expect(parseAction('save')).toEqual({ kind: 'save' });
    expect(parseAction('add:open_text')).toEqual({ kind: 'add', type: 'open_text' });
    expect(parseAction('add:essay')).toEqual({ kind: 'save' });
    expect(parseAction('up:3')).toEqual({ kind: 'up', item: 3 });
    expect(parseAction('remove-option:2:1')).toEqual({ kind: 'remove_option', item: 2, option: 1 });
    expect(parseAction('down:-1')).toEqual({ kind: 'save' });
    expect(parseAction(['up:1', 'down:1'])).toEqual({ kind: 'save' });
  });

  it('reads the fields named after the DTO and sends only what each type takes', () => {
    const state = parseTemplateForm({
      'title.ka': ' სათაური ',
      'title.en': '',
      'items.0.type': 'likert',
      'items.0.scale': 'trainers',
      'items.0.text.ka': 'დებულება',
      'items.0.required': 'on',
      'items.1.type': 'single_choice',
      'items.1.scale': 'overall',
      'items.1.text.ur': 'سوال',
      'items.1.options.0.text.ur': 'ہاں',
      'items.1.options.1.text.en': 'No',
      'items.2.text.en': 'no type: not a question of the form',
    });
    expect(state.items).toHaveLength(2);
    expect(templateDto(state)).toEqual({
      title: { ka: 'სათაური' },
      intro: {},
      items: [
        { type: 'likert', scale: 'trainers', text: { ka: 'დებულება' }, required: true },
        { type: 'single_choice', text: { ur: 'سوال' }, options: [{ text: { ur: 'ہاں' } }, { text: { en: 'No' } }], required: false },
      ],
    });
  });

  it('adds, moves and removes questions and options without losing what was typed', () => {
    let state = emptyForm();
    state.items[0].text = { en: 'First' };
    state = applyAction(state, { kind: 'add', type: 'single_choice' });
    expect(state.items.map((i) => i.type)).toEqual(['likert', 'single_choice']);
    expect(state.items[1].options).toHaveLength(2);
    expect(state.items[1].required).toBe(true);
    state = applyAction(state, { kind: 'up', item: 1 });
    expect(state.items.map((i) => i.type)).toEqual(['single_choice', 'likert']);
    state = applyAction(state, { kind: 'add_option', item: 0 });
    state.items[0].options[2] = { ru: 'Третий' };
    state = applyAction(state, { kind: 'remove_option', item: 0, option: 0 });
    expect(state.items[0].options).toEqual([{}, { ru: 'Третий' }]);
    state = applyAction(state, { kind: 'down', item: 1 });
    expect(state.items[1].text).toEqual({ en: 'First' });
    state = applyAction(state, { kind: 'remove', item: 0 });
    expect(state.items).toHaveLength(1);
    expect(applyAction(state, { kind: 'remove', item: 7 }).items).toHaveLength(1);
    expect(applyAction(state, { kind: 'add', type: 'open_text' }).items[1].required).toBe(false);
  });
});
