/**
 * The programme's clock: 25 frames a second, sound at 48 kHz (1920 samples a frame). A module
 * without zod, so the browser bundle can read the rate without the schemas.
 */
export const FPS = 25;
export const SAMPLE_RATE = 48_000;
export const SAMPLES_PER_FRAME = SAMPLE_RATE / FPS;
