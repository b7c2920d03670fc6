/** A file a derive step wrote in its output directory, ready to be stored. */
export interface DerivedFile {
  path: string;
  contentType: string;
  width?: number;
  height?: number;
}

/** A derived picture or video: its size is always known. */
export type DerivedPicture = DerivedFile & { width: number; height: number };
