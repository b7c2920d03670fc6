import path from 'node:path';
import type { Loudness, ProbeFacts } from '../domain/media-facts.ts';
import { WAVEFORM_SIZE, buildAudioDeriveArgs } from './build-audio-derive-args.ts';
import type { DerivedFile, DerivedPicture } from './derived-file.ts';
import type { MediaSource, MediaTools } from './media-tools.ts';
import { parseEbur128Summary } from './parse-ebur128.ts';
import { runDecodePass } from './run-decode-pass.ts';

export interface AudioDerivatives {
  /** `sound`: the sound as the programme mix reads it (24-bit 48 kHz WAV). */
  files: { proxy: DerivedFile; waveform: DerivedPicture; sound: DerivedFile };
  loudness: Loudness | null;
}

/**
 * Makes a sound file's derivatives in `outDir`: `proxy.m4a` (AAC 128k stereo 48 kHz),
 * `waveform.png` (1200×200), `sound.wav` (the sound as the programme mix reads it) and its EBU R128
 * loudness, in one pass that is also a decode test
 * (`UNDECODABLE`, `TRUNCATED`). Works on the first audio stream of any accepted file, so narration
 * recorded as a phone video works too.
 */
export async function deriveAudio({
  source,
  facts,
  tools,
  outDir,
  onProgress,
  signal,
}: {
  source: MediaSource;
  facts: ProbeFacts;
  tools: MediaTools;
  outDir: string;
  onProgress?: (progress: { seconds: number }) => void;
  signal?: AbortSignal;
}): Promise<AudioDerivatives> {
  if (!facts.audio) throw new TypeError('deriveAudio needs facts with an audio stream');
  const outputs = { proxy: path.join(outDir, 'proxy.m4a'), waveform: path.join(outDir, 'waveform.png'), sound: path.join(outDir, 'sound.wav') };
  const { stderr } = await runDecodePass({
    args: buildAudioDeriveArgs({ source, facts, outputs }),
    tools,
    expectedSeconds: facts.durationSeconds,
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  });
  return {
    files: {
      proxy: { path: outputs.proxy, contentType: 'audio/mp4' },
      waveform: { path: outputs.waveform, contentType: 'image/png', ...WAVEFORM_SIZE },
      sound: { path: outputs.sound, contentType: 'audio/wav' },
    },
    loudness: parseEbur128Summary({ stderr }),
  };
}
