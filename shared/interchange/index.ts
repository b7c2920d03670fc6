/** Timeline interchange with editing software: OTIO, FCP 7 XML (xmeml) and CMX 3600 EDL, written and read. */
export * from './timeline-model.ts';
export * from './interchange-error.ts';
export * from './name-media-files.ts';
export * from './build-interchange-timeline.ts';
export * from './write-edl.ts';
export * from './read-edl.ts';
export * from './match-source-asset.ts';
export * from './timeline-to-cut.ts';
export * from './write-otio.ts';
export * from './read-otio.ts';
export * from './write-xmeml.ts';
export * from './read-xmeml.ts';
export * from './write-marker-lists.ts';
export * from './read-timeline-file.ts';
