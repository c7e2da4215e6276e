/** The one source of "now" (ctx.clock): tests and benchmarks inject their own, so nothing sleeps to see time pass. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
