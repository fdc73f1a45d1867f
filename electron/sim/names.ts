/**
 * Believable but fake people for the demo: Chinese names (surnames weighted roughly like the
 * region's, given names from common characters) and mobile numbers in the 139 range. The numbers
 * are random and not anyone's on purpose; a real deployment gets its people from the platform.
 */
import type { Rng } from './random'

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 10],
  ['李', 9],
  ['张', 8],
  ['赵', 6],
  ['刘', 6],
  ['郭', 5],
  ['武', 4],
  ['杨', 4],
  ['白', 3],
  ['梁', 3],
  ['高', 3],
  ['贾', 3],
  ['陈', 3],
  ['马', 3],
  ['闫', 3],
  ['韩', 2],
  ['宋', 2],
  ['冯', 2],
  ['孟', 2],
  ['翟', 2],
  ['郝', 2],
  ['段', 2],
  ['程', 2],
  ['范', 2],
  ['侯', 2],
  ['田', 2],
  ['石', 2],
  ['吕', 1],
  ['乔', 1],
  ['任', 1],
  ['史', 1],
  ['申', 1],
  ['温', 1],
  ['牛', 1],
  ['秦', 1],
  ['薛', 1],
  ['常', 1],
  ['霍', 1],
  ['岳', 1],
  ['籍', 1],
]

const GIVEN_MALE = '建军国强伟志明海平峰晓宏俊斌鹏刚杰勇亮文涛波永锋春生林旭东晨'
const GIVEN_FEMALE = '红英丽芳娟霞燕玲敏静慧婷莉华云秀兰萍艳梅琴洁悦晶雪倩'

function chars(pool: string): readonly string[] {
  return Array.from(pool)
}
const MALE = chars(GIVEN_MALE)
const FEMALE = chars(GIVEN_FEMALE)

export function personName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES)
  const pool = rng.chance(0.55) ? MALE : FEMALE
  const first = rng.pick(pool)
  // About a quarter of given names have one character (王强), the rest two (王建军).
  if (rng.chance(0.25)) return surname + first
  let second = rng.pick(pool)
  if (second === first && rng.chance(0.7)) second = rng.pick(pool)
  return surname + first + second
}

/** A fake 11-digit mobile number 139xxxxxxxx. */
export function mobilePhone(rng: Rng): string {
  return `139${String(rng.int(0, 99_999_999)).padStart(8, '0')}`
}

/** A fake mobile number not yet in `used` (which it adds to). */
export function uniqueMobilePhone(rng: Rng, used: Set<string>): string {
  for (;;) {
    const phone = mobilePhone(rng)
    if (!used.has(phone)) {
      used.add(phone)
      return phone
    }
  }
}
