/**
 * The demo's sample material: what a real contribution round for the congress reportage looks
 * like — footage per theme from member associations, interviews with named speakers, photos,
 * a narration track, a music bed and Vietnamese subtitles with the hardest stacked marks.
 */
/** Bump when the sample recipes change: generated files are cached under a folder of this name. */
export const SAMPLE_VERSION = 'samples-v4';

export interface SampleFile {
  file: string;
  kind: 'footage' | 'interview' | 'photo' | 'voiceover' | 'music' | 'subtitle';
  theme?: string;
  organisation: string;
  label: string;
  speaker?: { name: string; position: string };
  seconds?: number;
  /** The organiser's logo (a PNG with transparency), not a photo shot. */
  logo?: true;
}

export const SAMPLE_FILES: SampleFile[] = [
  {
    file: 'lich-su-hop-nhat.mp4',
    kind: 'footage',
    theme: 'lich-su-hop-nhat',
    organisation: 'Liên hiệp hội Hải Phòng',
    label: 'Lễ công bố hợp nhất Liên hiệp hội',
    seconds: 20,
  },
  {
    file: 'y-nghia-dai-hoi.mp4',
    kind: 'footage',
    theme: 'y-nghia-dai-hoi',
    organisation: 'Ban Thông tin',
    label: 'Hội nghị góp ý dự thảo văn kiện',
    seconds: 20,
  },
  { file: 'xay-dung-to-chuc.mp4', kind: 'footage', theme: 'xay-dung-to-chuc', organisation: 'Ban Tổ chức', label: 'Đại hội các hội thành viên', seconds: 20 },
  {
    file: 'tu-van-phan-bien.mp4',
    kind: 'footage',
    theme: 'tu-van-phan-bien',
    organisation: 'Hội đồng Tư vấn',
    label: 'Hội thảo phản biện quy hoạch cảng biển',
    seconds: 20,
  },
  {
    file: 'pho-bien-kien-thuc.mp4',
    kind: 'footage',
    theme: 'pho-bien-kien-thuc',
    organisation: 'Hội Khoa học Kỹ thuật Biển',
    label: 'Tập huấn kỹ thuật cho ngư dân',
    seconds: 20,
  },
  {
    file: 'nghien-cuu-khoa-hoc.mp4',
    kind: 'footage',
    theme: 'nghien-cuu-khoa-hoc',
    organisation: 'Viện Tài nguyên và Môi trường biển',
    label: 'Phòng thí nghiệm quan trắc môi trường',
    seconds: 20,
  },
  {
    file: 'hop-tac-quoc-te.mp4',
    kind: 'footage',
    theme: 'hop-tac-quoc-te',
    organisation: 'Ban Đối ngoại',
    label: 'Ký kết hợp tác với đối tác quốc tế',
    seconds: 20,
  },
  {
    file: 'giai-thuong-hoi-thi.mp4',
    kind: 'footage',
    theme: 'giai-thuong-hoi-thi',
    organisation: 'Ban Tổ chức Hội thi',
    label: 'Hội thi Sáng tạo Kỹ thuật thành phố',
    seconds: 20,
  },
  {
    file: 'ton-vinh-tri-thuc.mp4',
    kind: 'footage',
    theme: 'ton-vinh-tri-thuc',
    organisation: 'Liên hiệp hội Hải Phòng',
    label: 'Lễ tôn vinh trí thức tiêu biểu',
    seconds: 20,
  },
  {
    file: 'hoat-dong-xa-hoi.mp4',
    kind: 'footage',
    theme: 'hoat-dong-xa-hoi',
    organisation: 'Hội Y học',
    label: 'Khám bệnh miễn phí cho người dân ven biển',
    seconds: 20,
  },
  {
    file: 'dong-gop-hoi-thanh-vien.mp4',
    kind: 'footage',
    theme: 'dong-gop-hoi-thanh-vien',
    organisation: 'Hội Cơ khí',
    label: 'Xưởng chế tạo thiết bị nông nghiệp',
    seconds: 20,
  },
  {
    file: 'san-pham-tieu-bieu.mp4',
    kind: 'footage',
    theme: 'san-pham-tieu-bieu',
    organisation: 'Hội Tin học',
    label: 'Giải pháp chuyển đổi số tiêu biểu',
    seconds: 20,
  },
  {
    file: 'phong-van-chu-tich.mp4',
    kind: 'interview',
    theme: 'y-nghia-dai-hoi',
    organisation: 'Liên hiệp hội Hải Phòng',
    label: 'Phỏng vấn',
    speaker: { name: 'Nguyễn Văn Hưởng', position: 'Chủ tịch Liên hiệp các Hội KH&KT thành phố' },
    seconds: 40,
  },
  {
    file: 'phong-van-nha-khoa-hoc.mp4',
    kind: 'interview',
    theme: 'nghien-cuu-khoa-hoc',
    organisation: 'Viện Tài nguyên và Môi trường biển',
    label: 'Phỏng vấn',
    speaker: { name: 'Trần Thị Ngọc Diệp', position: 'Phó Viện trưởng' },
    seconds: 30,
  },
  { file: 'anh-le-hop-nhat.jpg', kind: 'photo', theme: 'lich-su-hop-nhat', organisation: 'Liên hiệp hội Hải Phòng', label: 'Ảnh tư liệu: Lễ hợp nhất' },
  { file: 'bieu-trung-lien-hiep-hoi.png', kind: 'photo', organisation: 'Liên hiệp hội Hải Phòng', label: 'Biểu trưng Liên hiệp hội', logo: true },
  { file: 'anh-giai-thuong.jpg', kind: 'photo', theme: 'giai-thuong-hoi-thi', organisation: 'Ban Tổ chức Hội thi', label: 'Ảnh: Trao giải Hội thi' },
  { file: 'loi-binh.wav', kind: 'voiceover', organisation: 'Ban Thông tin', label: 'Lời bình', seconds: 30 },
  { file: 'nhac-nen.mp3', kind: 'music', organisation: 'Ban Thông tin', label: 'Nhạc nền', seconds: 90 },
  { file: 'phu-de-phong-van-chu-tich.srt', kind: 'subtitle', theme: 'y-nghia-dai-hoi', organisation: 'Ban Thông tin', label: 'Phụ đề phỏng vấn' },
];

/** Subtitles of the chairman's interview: real sentences with ậ ệ ộ ặ ẫ ỗ and friends. */
export const SAMPLE_SUBTITLES = `1
00:00:00,500 --> 00:00:04,900
Đại hội lần thứ nhất đánh dấu
bước phát triển mới của Liên hiệp hội.

2
00:00:05,000 --> 00:00:09,400
Đội ngũ trí thức đã tập hợp, đoàn kết
và cống hiến cho thành phố.

3
00:00:09,500 --> 00:00:13,900
Chúng tôi vẫn giữ vững niềm tin,
mỗi hội thành viên là một điểm tựa.

4
00:00:14,000 --> 00:00:18,900
Những sản phẩm tiêu biểu được ứng dụng
rộng rãi trong đời sống và sản xuất.
`;
