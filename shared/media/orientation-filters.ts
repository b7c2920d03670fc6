/**
 * The filters that show a picture the way its EXIF orientation (1–8) asks, and whether they swap
 * width and height. ffmpeg's `transpose` directions: 0 = transpose (cclock_flip), 1 = clock,
 * 2 = cclock, 3 = transverse (clock_flip).
 */
export function orientationFilters({ orientation }: { orientation: number }): { filters: string[]; swapsSides: boolean } {
  switch (orientation) {
    case 2:
      return { filters: ['hflip'], swapsSides: false };
    case 3:
      return { filters: ['hflip', 'vflip'], swapsSides: false };
    case 4:
      return { filters: ['vflip'], swapsSides: false };
    case 5:
      return { filters: ['transpose=cclock_flip'], swapsSides: true };
    case 6:
      return { filters: ['transpose=clock'], swapsSides: true };
    case 7:
      return { filters: ['transpose=clock_flip'], swapsSides: true };
    case 8:
      return { filters: ['transpose=cclock'], swapsSides: true };
    default:
      return { filters: [], swapsSides: false };
  }
}
