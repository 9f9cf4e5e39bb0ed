import v8 from 'node:v8';

/**
 * V8's interrupt budget: how much bytecode a function runs before V8 considers optimizing it.
 * Its default (67,584 in Node 20) suits a web page. PromoGPT's hot paths are bursts (a
 * thousand posts due in the same minute): each function of a publish runs about a thousand
 * times and then rests, so optimizing it mid-burst costs more compile and deoptimization work
 * than it gives back. At about 4× the default, the publishing benchmark's CPU per publish fell
 * by about a fifth in alternated runs (8× gave the same); code that runs for long (an export,
 * analytics) still gets optimized, a little later.
 */
export const INTERRUPT_BUDGET = 262_144;

let tuned = false;

/** Sets the budget for this process; each shell calls it first thing. */
export function tuneJit(): void {
  if (tuned) return;
  tuned = true;
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
