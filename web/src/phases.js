// How each phase of the residual-risk model (docs/risk-model.md) is drawn.
// Colours are from the Okabe–Ito palette, told apart by colour-blind
// readers; each phase also has its own dash pattern and a letter (i18n
// phase.letter.*), so colour is never the only cue. symbolDash is the
// pattern at the scale of an area's symbol on the map (marks.js). No phase is green:
// none of them means the ground is clear.

export const PHASES = ['persistent', 'active', 'decaying', 'residual'];

export const PHASE_STYLE = {
  persistent: { color: '#D55E00', dashArray: null, symbolDash: null }, // vermillion, solid
  active: { color: '#CC79A7', dashArray: '12 5', symbolDash: '5 2' }, // reddish purple, long dashes
  decaying: { color: '#E69F00', dashArray: '5 5', symbolDash: '2.4 2.4' }, // orange, short dashes
  residual: { color: '#0072B2', dashArray: '2 6', symbolDash: '1 2.6' }, // blue, dots
};

// Released parts: grey, hatched (the SVG pattern in index.html), thin black
// outline: clearly not one of the phases.
export const RELEASED_STYLE = { color: '#222222', dashArray: '1 3', fillColor: '#BBBBBB' };

// Phases seen before this page knew them are drawn as persistent: the worst
// case, as the model treats what it does not know.
export function phaseOf(p) {
  return PHASES.includes(p) ? p : 'persistent';
}
