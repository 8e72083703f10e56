// The time control: a date-time input (UTC, to the minute) and a slider
// over the register's time span, kept in step. A change of either, once
// made (the slider's "change", not every "input" while dragging), calls
// onChange with the instant as RFC 3339.

const HOUR = 3600e3;

// '2025-06-01T00:00:00Z' <-> '2025-06-01T00:00' (the input's value, read
// as UTC).
export const toInput = (ms) => new Date(ms).toISOString().slice(0, 16);
export const fromInput = (v) => Date.parse(`${v}:00Z`);
export const toIso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

export class TimeControl {
  constructor({ input, slider, now }, onChange) {
    this.input = input;
    this.slider = slider;
    this.onChange = onChange;
    this.ms = Math.floor(Date.now() / 60e3) * 60e3;
    this.setSpan(this.ms - 3 * 365 * 24 * HOUR, this.ms + 365 * 24 * HOUR);
    input.addEventListener('change', () => {
      const ms = fromInput(input.value);
      if (Number.isFinite(ms)) this.set(ms, true);
    });
    slider.addEventListener('input', () => {
      input.value = toInput(this.sliderMs());
    });
    slider.addEventListener('change', () => this.set(this.sliderMs(), true));
    now.addEventListener('click', () => this.set(Math.floor(Date.now() / 60e3) * 60e3, true));
  }

  // The slider runs in hours from start to end.
  setSpan(startMs, endMs) {
    this.start = Math.floor(startMs / HOUR) * HOUR;
    this.end = Math.ceil(endMs / HOUR) * HOUR;
    this.slider.min = 0;
    this.slider.max = Math.round((this.end - this.start) / HOUR);
    this.slider.step = 1;
    this.show();
  }

  sliderMs() {
    return this.start + Number(this.slider.value) * HOUR;
  }

  set(ms, notify) {
    this.ms = ms;
    if (ms < this.start || ms > this.end) {
      this.setSpan(Math.min(ms, this.start), Math.max(ms, this.end));
    }
    this.show();
    if (notify) this.onChange(this.iso());
  }

  show() {
    this.input.value = toInput(this.ms);
    this.slider.value = Math.round((this.ms - this.start) / HOUR);
  }

  iso() {
    return toIso(this.ms);
  }
}
