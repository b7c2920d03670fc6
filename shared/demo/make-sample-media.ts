import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findFontFile, runFfmpeg, type MediaTools } from '../media/index.ts';
import { SAMPLE_FILES, SAMPLE_SUBTITLES, SAMPLE_VERSION, type SampleFile } from './sample-project.ts';

/**
 * Generates the demo's sample files with ffmpeg's lavfi sources (nothing is downloaded), each
 * labelled on screen in Vietnamese. Files that exist already are kept, so a second demo run
 * starts at once. Every file is written to a temporary name and renamed when complete.
 */
export async function makeSampleMedia({
  outDir: baseDir,
  tools,
  fontFile,
  onFile,
}: {
  outDir: string;
  tools: MediaTools;
  fontFile?: string | undefined;
  onFile?: (file: SampleFile, index: number) => void;
}): Promise<{ path: string; sample: SampleFile }[]> {
  const outDir = path.join(baseDir, SAMPLE_VERSION);
  await mkdir(outDir, { recursive: true });
  const font = await findFontFile({ fontFile });
  const made: { path: string; sample: SampleFile }[] = [];
  for (const [index, sample] of SAMPLE_FILES.entries()) {
    onFile?.(sample, index);
    const target = path.join(outDir, sample.file);
    if (!(await exists(target))) {
      const temp = path.join(outDir, `.partial-${sample.file}`);
      await rm(temp, { force: true });
      await makeOne({ sample, temp, outDir, index, font, tools });
      await rename(temp, target);
    }
    made.push({ path: target, sample });
  }
  return made;
}

async function makeOne({
  sample,
  temp,
  outDir,
  index,
  font,
  tools,
}: {
  sample: SampleFile;
  temp: string;
  outDir: string;
  index: number;
  font: string;
  tools: MediaTools;
}): Promise<void> {
  if (sample.kind === 'subtitle') {
    await writeFile(temp, SAMPLE_SUBTITLES, 'utf8');
    return;
  }
  const textFile = path.join(outDir, `.label-${index}.txt`);
  const speakerLine = sample.speaker ? `\n${sample.speaker.name} – ${sample.speaker.position}` : '';
  await writeFile(textFile, `${sample.label}${speakerLine}\n${sample.organisation}`, 'utf8');
  const label = `drawtext=fontfile='${font}':textfile='${textFile}':fontsize=h/18:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=18:line_spacing=12:x=(w-tw)/2:y=h*0.06`;
  const seconds = String(sample.seconds ?? 5);
  const voice = `aevalsrc='0.08*sin(2*PI*(140+40*sin(2*PI*2.7*t))*t)*(0.55+0.45*sin(2*PI*3.9*t))':s=48000:d=${seconds}`;
  let args: string[];
  switch (sample.kind) {
    case 'footage':
      args = [
        '-f',
        'lavfi',
        '-i',
        `testsrc2=size=1920x1080:rate=25:duration=${seconds}`,
        '-f',
        'lavfi',
        '-i',
        `anoisesrc=color=pink:amplitude=0.35:sample_rate=48000:duration=${seconds}`,
        '-filter_complex',
        `[0:v]hue=h=${index * 30},${label}[v];[1:a]aformat=channel_layouts=stereo[a]`,
        '-map',
        '[v]',
        '-map',
        '[a]',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-crf',
        '23',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-b:a',
        '160k',
        '-f',
        'mp4',
        temp,
      ];
      break;
    case 'interview':
      args = [
        '-f',
        'lavfi',
        '-i',
        `color=c=0x2b4a6b:size=1920x1080:rate=25:duration=${seconds}`,
        '-f',
        'lavfi',
        '-i',
        voice,
        '-filter_complex',
        `[0:v]drawbox=x=iw*0.38:y=ih*0.18:w=iw*0.24:h=ih*0.5:color=0xd9b99b:t=fill,${label}[v];[1:a]aformat=channel_layouts=stereo[a]`,
        '-map',
        '[v]',
        '-map',
        '[a]',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-crf',
        '23',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-b:a',
        '160k',
        '-f',
        'mp4',
        temp,
      ];
      break;
    case 'photo':
      if (sample.logo) {
        // A round emblem on transparency: what an organiser's PNG logo looks like.
        const emblem =
          "geq=r='if(lt(hypot(X-200,Y-200),150),250,12)':g='if(lt(hypot(X-200,Y-200),150),250,35)':b='if(lt(hypot(X-200,Y-200),150),250,64)':a='if(lt(hypot(X-200,Y-200),190),255,0)'";
        args = [
          '-f',
          'lavfi',
          '-i',
          'color=c=black:s=400x400,format=rgba',
          '-vf',
          `${emblem},drawtext=fontfile='${font}':text='LHH':fontsize=120:fontcolor=0x0c2340:x=(w-tw)/2:y=(h-th)/2`,
          '-frames:v',
          '1',
          '-f',
          'image2',
          '-c:v',
          'png',
          temp,
        ];
        break;
      }
      args = [
        '-f',
        'lavfi',
        '-i',
        `testsrc2=size=4000x3000:rate=1,hue=h=${index * 40},${label}`,
        '-frames:v',
        '1',
        '-q:v',
        '3',
        '-f',
        'image2',
        '-c:v',
        'mjpeg',
        temp,
      ];
      break;
    case 'voiceover':
      args = ['-f', 'lavfi', '-i', voice, '-ac', '1', '-c:a', 'pcm_s24le', '-f', 'wav', temp];
      break;
    case 'music':
      args = [
        '-f',
        'lavfi',
        '-i',
        `aevalsrc='0.05*sin(2*PI*220*t)+0.04*sin(2*PI*277.18*t)+0.04*sin(2*PI*329.63*t)|0.05*sin(2*PI*220.5*t)+0.04*sin(2*PI*277.18*t)+0.04*sin(2*PI*329.63*t)':s=48000:d=${seconds}`,
        '-af',
        'tremolo=f=0.5:d=0.3',
        '-c:a',
        'libmp3lame',
        '-b:a',
        '192k',
        '-f',
        'mp3',
        temp,
      ];
      break;
  }
  try {
    await runFfmpeg({ args, tools });
  } finally {
    await rm(textFile, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}
