import { University } from '../../models/university';

/** The eight partner universities of the cooperation agreement, each acting through its ICC. */
export const partnerUniversities = [
  {
    code: 'postech',
    name: { ko: '포스텍', en: 'POSTECH' },
    centre: { ko: '첨단소재 ICC', en: 'Advanced Materials ICC' },
  },
  {
    code: 'korea',
    name: { ko: '고려대학교', en: 'Korea University' },
    centre: { ko: '소부장혁신 ICC', en: 'Materials·Parts·Equipment Innovation ICC' },
  },
  {
    code: 'kangwon',
    name: { ko: '강원대학교', en: 'Kangwon National University' },
    centre: { ko: '차세대에너지 ICC', en: 'Next-Generation Energy ICC' },
  },
  {
    code: 'knu',
    name: { ko: '경북대학교', en: 'Kyungpook National University' },
    centre: { ko: 'LINC 3.0 ICC 협업센터', en: 'LINC 3.0 ICC' },
  },
  {
    code: 'pknu',
    name: { ko: '부경대학교', en: 'Pukyong National University' },
    centre: { ko: '신기술지원센터', en: 'New Technology Support Center' },
  },
  {
    code: 'yu',
    name: { ko: '영남대학교', en: 'Yeungnam University' },
    centre: { ko: '미래모빌리티ICT ICC', en: 'Future Mobility ICT ICC' },
  },
  {
    code: 'uiduk',
    name: { ko: '위덕대학교', en: 'Uiduk University' },
    centre: { ko: '동해안미래에너지 ICC', en: 'East Coast Future Energy ICC' },
  },
  {
    code: 'handong',
    name: { ko: '한동대학교', en: 'Handong Global University' },
    centre: { ko: '그린에너지&E-모빌리티 ICC', en: 'Green Energy & E-Mobility ICC' },
  },
] as const;

/** Creates any missing partner university; never overwrites edits made in the app. */
export async function seedUniversities(): Promise<number> {
  let created = 0;
  for (const [order, u] of partnerUniversities.entries()) {
    const result = await University.updateOne({ code: u.code }, { $setOnInsert: { ...u, order } }, { upsert: true });
    created += result.upsertedCount;
  }
  return created;
}
