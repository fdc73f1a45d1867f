/**
 * What happens in the demo county: event templates per source, and for every category which
 * units handle it and what they report back. Texts are modelled on the kinds of cases a county
 * hall sees (hazards, disputes, 12345 complaints, referrals, online opinion); names of places come
 * from the registry at generation time, so every text mentions real villages and townships.
 */
import type { DedicatedCategory } from './county'
import type { Domain, EventSource, Severity } from '../contract'
import type { Rng } from './random'

/** Everything a template may mention, resolved from the event's location and reporter. */
export interface TextContext {
  rng: Rng
  /** 乐平镇 */
  township: string
  /** 梁家沟村 / 金博园社区 */
  village: string
  /** A spot in or near the village: 北沟, 村口 … */
  spot: string
  /** An urban street: 松溪路 … */
  street: string
  /** A residential compound (小区): 金博园小区 … */
  community: string
  /** The building number in the compound's address (金博园小区7号楼 → 7). */
  building: number
  /** The dedicated grid's place, when the template happens at one: 昔阳县鑫源煤业有限公司 … */
  place: string
  /** Who reports: the grid worker, the officer, the citizen. */
  reporter: string
}

export interface EventText {
  title: string
  description: string
}

/**
 * Where an event happens: in a village, in the urban streets, in a residential compound, or at a
 * dedicated grid of some kind (market, school, enterprise …).
 */
export type PlaceKind = 'village' | 'urban' | 'community' | DedicatedCategory

export interface EventTemplate {
  /** Unique, for tests and debugging. */
  key: string
  source: EventSource
  domain: Domain
  category: string
  /** Relative frequency within its source. */
  weight: number
  severity: readonly (readonly [Severity, number])[]
  place: PlaceKind
  /** Probability that a grid worker answers it on the spot (arrives as `resolved`). */
  onSite?: number
  /** Referrals: who passed it down, and by which channel. */
  sender?: { channel: string; name: string }
  text: (c: TextContext) => EventText
}

/** Where a category goes when dispatched. `TOWNSHIP` is the event's own township government. */
export const TOWNSHIP_UNIT = 'TOWNSHIP'

export interface CategoryInfo {
  units: readonly string[]
  /** What the unit reports when it resolves the event (处置反馈). */
  feedback: readonly string[]
}

export const CATEGORIES: Readonly<Record<string, CategoryInfo>> = {
  hazardous_waste: {
    units: ['U-ECO', TOWNSHIP_UNIT],
    feedback: [
      '已联系有资质单位将疑似危废全部转运处置，现场取样送检，已立案调查倾倒来源',
      '经检测为废机油，已清运并对沟渠土壤进行清理，公安机关已介入追查',
    ],
  },
  geological_hazard: {
    units: ['U-NRS', 'U-EMG', TOWNSHIP_UNIT],
    feedback: [
      '已设置警示标志并安排专人监测，受威胁群众已转移安置，边坡治理已列入计划',
      '已完成应急排险，裂缝已回填夯实，雨季期间每日巡查',
    ],
  },
  dilapidated_house: {
    units: ['U-HUD', TOWNSHIP_UNIT],
    feedback: ['已将老人转移至亲属家中居住，危房已鉴定为D级并纳入改造计划', '已对房屋进行临时加固，村委会每日走访'],
  },
  neighbor_dispute: {
    units: [TOWNSHIP_UNIT, 'U-JUS'],
    feedback: ['经村调委会和司法所联合调解，双方达成书面协议', '已组织双方现场协商，明确界线，矛盾已化解'],
  },
  land_dispute: {
    units: [TOWNSHIP_UNIT, 'U-AGR', 'U-JUS'],
    feedback: ['经查阅承包合同和确权档案，已向双方释明，双方认可调解结果', '已由乡镇农经站重新测量确权，纠纷化解'],
  },
  fire_hazard: {
    units: ['U-FIRE', TOWNSHIP_UNIT],
    feedback: ['已督促清理柴草堆放点，配备灭火器，隐患已消除', '已责令立即整改，消防通道已清理畅通'],
  },
  illegal_construction: {
    units: ['U-LAW', 'U-NRS', TOWNSHIP_UNIT],
    feedback: ['已下达责令停止违法行为通知书，当事人已自行拆除', '已立案查处，违建部分已依法拆除'],
  },
  sanitation: {
    units: [TOWNSHIP_UNIT, 'U-LAW'],
    feedback: ['已组织保洁人员清运垃圾，并增加清运频次', '垃圾已清运完毕，已督促保洁公司落实日产日清'],
  },
  road_damage: {
    units: ['U-TRA', 'U-HUD', TOWNSHIP_UNIT],
    feedback: ['已设置警示标志并完成坑槽修补', '已对破损路面进行修复，恢复正常通行'],
  },
  streetlight: {
    units: [TOWNSHIP_UNIT, 'U-HUD', 'U-PWR'],
    feedback: ['已更换损坏灯具，路灯恢复正常照明', '经排查为线路老化，已更换线路'],
  },
  safety_production: {
    units: ['U-EMG', TOWNSHIP_UNIT],
    feedback: ['已责令企业停产整顿，隐患整改完毕经复查合格后复产', '已对企业负责人约谈，隐患已整改到位'],
  },
  carbon_monoxide: {
    units: [TOWNSHIP_UNIT, 'U-EMG'],
    feedback: ['已帮助老人安装烟囱和一氧化碳报警器', '已入户开展煤炉安全检查，隐患已消除'],
  },
  social_assistance: {
    units: ['U-CIV', TOWNSHIP_UNIT],
    feedback: ['已为其办理临时救助，并按程序申报低保', '民政部门已入户核查，符合条件，已纳入救助范围'],
  },
  water_outage: {
    units: ['U-WSC', 'U-WAT'],
    feedback: ['经查为主管道爆裂，已抢修完毕，恢复供水', '已协调送水车临时供水，管道已修复，供水恢复正常'],
  },
  water_pipe: {
    units: ['U-WSC', TOWNSHIP_UNIT],
    feedback: ['已更换破损管段，漏水问题解决', '已关闭阀门并完成抢修'],
  },
  food_safety: {
    units: ['U-SAMR', 'U-HEA'],
    feedback: ['已对涉事商户下架过期食品并立案处罚', '已对食堂进行全面检查，责令整改并抽检留样'],
  },
  street_vendor: {
    units: ['U-LAW', TOWNSHIP_UNIT],
    feedback: ['已劝导流动摊贩进入便民市场经营', '已清理占道摊点，并安排执法队员定时巡查'],
  },
  illegal_discharge: {
    units: ['U-ECO'],
    feedback: ['经现场检查和取样监测，已对企业立案处罚并责令整改', '已责令企业停止排放，排污口已封堵'],
  },
  construction_dust: {
    units: ['U-HUD', 'U-ECO'],
    feedback: ['已责令工地落实覆盖、洒水等抑尘措施', '已对施工单位下达整改通知，现场已整改'],
  },
  overloaded_transport: {
    units: ['U-TRA', 'U-PSB'],
    feedback: ['已对超限车辆依法处罚并卸载', '已联合交警开展治超检查'],
  },
  unlicensed_business: {
    units: ['U-SAMR'],
    feedback: ['已责令停止经营，当事人已申请办理营业执照', '已立案查处无证经营行为'],
  },
  fire_safety: {
    units: ['U-FIRE'],
    feedback: ['已责令清理消防通道、更换过期灭火器，复查合格', '已下达消防监督检查整改通知书，整改完毕'],
  },
  outdoor_advertising: {
    units: ['U-LAW'],
    feedback: ['已拆除违规广告牌', '已责令商户限期自行拆除，已拆除完毕'],
  },
  gas_safety: {
    units: ['U-GAS', 'U-EMG', 'U-FIRE'],
    feedback: ['燃气公司已到场检测并关阀抢修，排除泄漏', '已规范钢瓶存放并安装报警装置'],
  },
  heating: {
    units: ['U-HTC'],
    feedback: ['已对单元管道排气并调整阀门，室温已达标', '经查为用户端阀门堵塞，已清洗疏通，室温恢复正常'],
  },
  noise: {
    units: ['U-LAW', 'U-PSB'],
    feedback: ['已约谈商户，要求夜间22时后停止高噪声经营', '已现场劝导，噪音问题已解决'],
  },
  power_outage: {
    units: ['U-PWR'],
    feedback: ['经查为线路故障，已抢修恢复供电', '已更换老化变压器，供电恢复稳定'],
  },
  wage_arrears: {
    units: ['U-HRS', 'U-HUD'],
    feedback: ['已约谈施工企业，拖欠工资已全部发放到位', '已启用工资保证金先行垫付'],
  },
  property_service: {
    units: ['U-HUD', TOWNSHIP_UNIT],
    feedback: ['已约谈物业公司，督促其落实服务承诺', '已责令物业公司限期整改，业主表示认可'],
  },
  sewage: {
    units: ['U-HUD', 'U-WSC'],
    feedback: ['已对下水管道进行疏通，污水外溢问题解决', '已更换破损井盖并清淤'],
  },
  education: {
    units: ['U-EDU'],
    feedback: ['经核查，已责令学校退还违规收取的费用', '已约谈学校负责人，规范收费'],
  },
  medical_service: {
    units: ['U-HEA'],
    feedback: ['已对相关医护人员批评教育，并向患者致歉', '经调查属沟通不畅，已向群众解释说明'],
  },
  stray_dogs: {
    units: ['U-LAW', 'U-PSB'],
    feedback: ['已组织捕捉流浪犬并送往收容点', '已加强巡查，督促养犬人规范牵绳'],
  },
  parking: {
    units: ['U-PSB', 'U-LAW'],
    feedback: ['已联系车主挪车并进行教育', '已在小区出入口施划禁停标线'],
  },
  land_compensation: {
    units: ['U-NRS', TOWNSHIP_UNIT, 'U-PET'],
    feedback: ['经核查，补偿款已按标准全额发放', '已组织村民代表公开补偿明细，群众无异议'],
  },
  petition: {
    units: ['U-PET', TOWNSHIP_UNIT],
    feedback: ['已由包案领导接访，诉求已依法答复', '已召开协调会，问题已解决'],
  },
  online_rumor: {
    units: ['U-NET', 'U-PSB'],
    feedback: ['已发布权威信息辟谣，相关帖子已删除', '经核实为不实信息，公安机关已依法处理造谣者'],
  },
  mass_incident: {
    units: [TOWNSHIP_UNIT, 'U-PSB', 'U-PET'],
    feedback: ['县、乡两级已现场劝返，群众诉求已登记并限期答复', '已协调企业与村民签订协议，现场秩序恢复'],
  },
}

// Severity mixes. Most events are 一般 or 较大; 特别重大 is rare and only where it is plausible.
const MINOR = [
  [1, 7],
  [2, 3],
] as const
const ROUTINE = [
  [1, 5],
  [2, 4],
  [3, 1],
] as const
const SERIOUS = [
  [1, 1],
  [2, 5],
  [3, 3],
  [4, 1],
] as const
const GRAVE = [
  [2, 3],
  [3, 4],
  [4, 2],
] as const

const pick = <T>(c: TextContext, items: readonly T[]): T => c.rng.pick(items)
const n = (c: TextContext, min: number, max: number): number => c.rng.int(min, max)

const CITIZEN_CALL = (c: TextContext): string => `${c.reporter}反映：`

export const TEMPLATES: readonly EventTemplate[] = [
  // ── 网格摸排 grid patrol ────────────────────────────────────────────────────────────────
  {
    key: 'patrol-hazardous-waste',
    source: 'grid_patrol',
    domain: 'governance',
    category: 'hazardous_waste',
    weight: 3,
    severity: SERIOUS,
    place: 'village',
    text: (c) => {
      const count = n(c, 8, 40)
      return {
        title: `${c.village}${pick(c, ['沟渠', '河道旁', '废弃院落'])}发现疑似遗弃危废品`,
        description: `网格员${c.reporter}巡查发现${c.village}${c.spot}有约${count}桶不明液体，桶身无标识，有刺鼻气味，疑似危险废物。已拉设警戒线，请求生态环境部门到场处置。`,
      }
    },
  },
  {
    key: 'patrol-geological',
    source: 'grid_patrol',
    domain: 'governance',
    category: 'geological_hazard',
    weight: 2,
    severity: GRAVE,
    place: 'village',
    text: (c) => ({
      title: `${c.village}${c.spot}边坡出现裂缝`,
      description: `连日降雨后，${c.village}${c.spot}边坡出现长约${n(c, 5, 30)}米裂缝，坡下有${n(c, 2, 12)}户居民。网格员已通知群众暂时撤离，请求自然资源部门评估。`,
    }),
  },
  {
    key: 'patrol-house',
    source: 'grid_patrol',
    domain: 'governance',
    category: 'dilapidated_house',
    weight: 2,
    severity: ROUTINE,
    place: 'village',
    text: (c) => ({
      title: `${c.village}发现危房仍有老人居住`,
      description: `网格员入户走访发现，${c.village}${c.spot}一处土坯房墙体开裂、屋顶漏雨，${n(c, 70, 89)}岁独居老人仍在居住，存在安全隐患。`,
    }),
  },
  {
    key: 'patrol-neighbor',
    source: 'grid_patrol',
    domain: 'governance',
    category: 'neighbor_dispute',
    weight: 4,
    severity: MINOR,
    place: 'village',
    onSite: 0.4,
    text: (c) => {
      const cause = pick(c, ['宅基地界线', '排水沟走向', '院墙翻建', '通行道路'])
      return {
        title: `${c.village}两户村民因${cause}发生纠纷`,
        description: `${c.village}${c.spot}两户村民因${cause}问题发生争执，情绪较为激动。网格员${c.reporter}已现场劝解，需村调委会进一步调解。`,
      }
    },
  },
  {
    key: 'patrol-land',
    source: 'grid_patrol',
    domain: 'governance',
    category: 'land_dispute',
    weight: 2,
    severity: MINOR,
    place: 'village',
    text: (c) => ({
      title: `${c.village}村民因土地承包经营权发生纠纷`,
      description: `${c.village}村民反映其承包的${n(c, 2, 8)}亩耕地被邻户耕种，双方对地界各执一词，网格员已登记并上报。`,
    }),
  },
  {
    key: 'patrol-fire',
    source: 'grid_patrol',
    domain: 'governance',
    category: 'fire_hazard',
    weight: 3,
    severity: ROUTINE,
    place: 'village',
    onSite: 0.5,
    text: (c) => ({
      title: `${c.village}${c.spot}堆放柴草存在火灾隐患`,
      description: `网格员${c.reporter}巡查发现${c.village}${c.spot}房前屋后大量堆放柴草、秸秆，紧邻电线，存在火灾隐患。`,
    }),
  },
  {
    key: 'patrol-construction',
    source: 'grid_patrol',
    domain: 'enforcement',
    category: 'illegal_construction',
    weight: 2,
    severity: MINOR,
    place: 'village',
    text: (c) => ({
      title: `${c.village}村民未批先建`,
      description: `网格员发现${c.village}${c.spot}有村民占用耕地建房，已建成地基约${n(c, 80, 300)}平方米，未见审批手续。`,
    }),
  },
  {
    key: 'patrol-sanitation',
    source: 'grid_patrol',
    domain: 'service',
    category: 'sanitation',
    weight: 4,
    severity: MINOR,
    place: 'village',
    onSite: 0.6,
    text: (c) => ({
      title: `${c.village}${c.spot}生活垃圾堆积未清运`,
      description: `${c.village}${c.spot}垃圾收集点生活垃圾堆积约${n(c, 2, 6)}天未清运，影响村容村貌。`,
    }),
  },
  {
    key: 'patrol-road',
    source: 'grid_patrol',
    domain: 'service',
    category: 'road_damage',
    weight: 2,
    severity: MINOR,
    place: 'village',
    text: (c) => ({
      title: `${c.village}通村公路路面塌陷`,
      description: `${c.village}通村公路${c.spot}路段出现长约${n(c, 2, 10)}米塌陷，夜间通行存在安全隐患，网格员已设置临时警示。`,
    }),
  },
  {
    key: 'patrol-light',
    source: 'grid_patrol',
    domain: 'service',
    category: 'streetlight',
    weight: 2,
    severity: MINOR,
    place: 'village',
    onSite: 0.3,
    text: (c) => ({
      title: `${c.village}主街路灯不亮`,
      description: `${c.village}主街有${n(c, 3, 12)}盏路灯不亮已近一周，群众夜间出行不便。`,
    }),
  },
  {
    key: 'patrol-enterprise',
    source: 'grid_patrol',
    domain: 'governance',
    category: 'safety_production',
    weight: 2,
    severity: SERIOUS,
    place: 'enterprise',
    text: (c) => ({
      title: `${c.place}存在安全生产隐患`,
      description: `专属网格员${c.reporter}巡查发现${c.place}${pick(c, ['作业人员未佩戴安全防护用品', '危化品仓库未落实双人双锁', '特种作业人员无证上岗', '车间安全出口被货物堵塞'])}，已提醒企业负责人并上报。`,
    }),
  },
  {
    key: 'patrol-coal-stove',
    source: 'grid_patrol',
    domain: 'governance',
    category: 'carbon_monoxide',
    weight: 2,
    severity: ROUTINE,
    place: 'village',
    onSite: 0.5,
    text: (c) => ({
      title: `${c.village}独居老人家中煤炉存在中毒隐患`,
      description: `入冬走访发现${c.village}${c.spot}独居老人家中煤炉未安装烟囱，门窗密闭，存在一氧化碳中毒隐患。`,
    }),
  },
  {
    key: 'patrol-assistance',
    source: 'grid_patrol',
    domain: 'service',
    category: 'social_assistance',
    weight: 2,
    severity: MINOR,
    place: 'village',
    text: (c) => ({
      title: `${c.village}困难群众需救助`,
      description: `网格员走访发现${c.village}一户村民因${pick(c, ['家人患重病', '房屋失火', '意外伤残'])}生活困难，申请临时救助。`,
    }),
  },
  {
    key: 'patrol-pipe',
    source: 'grid_patrol',
    domain: 'service',
    category: 'water_pipe',
    weight: 2,
    severity: MINOR,
    place: 'village',
    onSite: 0.2,
    text: (c) => ({
      title: `${c.village}${c.spot}自来水管道破裂`,
      description: `${c.village}${c.spot}自来水管道破裂漏水，路面结冰，影响村民用水和出行。`,
    }),
  },
  {
    key: 'patrol-market-fire',
    source: 'grid_patrol',
    domain: 'governance',
    category: 'fire_hazard',
    weight: 1,
    severity: ROUTINE,
    place: 'market',
    onSite: 0.3,
    text: (c) => ({
      title: `${c.place}电动车违规充电`,
      description: `专属网格员发现${c.place}内多处私拉电线为电动车充电，存在火灾隐患。`,
    }),
  },

  // ── 执法检查 law-enforcement inspection ───────────────────────────────────────────────────
  {
    key: 'enf-food',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'food_safety',
    weight: 3,
    severity: ROUTINE,
    place: 'market',
    text: (c) => ({
      title: `${c.place}部分摊位销售过期食品`,
      description: `市场监管执法人员检查${c.place}时发现${n(c, 2, 6)}个摊位销售超过保质期的${pick(c, ['熟食', '调味品', '乳制品', '饮料'])}，已现场扣押。`,
    }),
  },
  {
    key: 'enf-school-food',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'food_safety',
    weight: 1,
    severity: SERIOUS,
    place: 'school',
    text: (c) => ({
      title: `${c.place}食堂食品安全检查发现问题`,
      description: `执法检查发现${c.place}食堂${pick(c, ['留样记录不全', '从业人员健康证过期', '生熟食品混放'])}，已责令立即整改。`,
    }),
  },
  {
    key: 'enf-vendor',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'street_vendor',
    weight: 3,
    severity: MINOR,
    place: 'urban',
    text: (c) => ({
      title: `${c.street}流动摊贩占道经营`,
      description: `执法队员巡查发现${c.street}${pick(c, ['学校门口', '十字路口', '人行道'])}有${n(c, 4, 15)}处流动摊点占道经营，影响通行。`,
    }),
  },
  {
    key: 'enf-construction',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'illegal_construction',
    weight: 3,
    severity: MINOR,
    place: 'urban',
    text: (c) => ({
      title: `${c.village}辖区违规加盖彩钢房`,
      description: `综合执法检查发现${c.street}一处临街商铺在楼顶违规加盖彩钢房约${n(c, 30, 120)}平方米。`,
    }),
  },
  {
    key: 'enf-discharge',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'illegal_discharge',
    weight: 2,
    severity: SERIOUS,
    place: 'enterprise',
    text: (c) => ({
      title: `${c.place}涉嫌未经处理排放废水`,
      description: `生态环境执法检查发现${c.place}雨水排口有${pick(c, ['黑色', '黄褐色', '乳白色'])}废水外排，已现场取样。`,
    }),
  },
  {
    key: 'enf-dust',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'construction_dust',
    weight: 2,
    severity: MINOR,
    place: 'construction',
    text: (c) => ({
      title: `${c.place}扬尘防治措施不到位`,
      description: `检查发现${c.place}裸土未覆盖、出入车辆未冲洗，扬尘明显。`,
    }),
  },
  {
    key: 'enf-overload',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'overloaded_transport',
    weight: 2,
    severity: MINOR,
    place: 'village',
    text: (c) => ({
      title: `${c.township}境内查获超限运输车辆`,
      description: `联合治超检查在${c.village}附近查获${n(c, 1, 4)}辆超限运煤车辆，最大超限${n(c, 20, 80)}%。`,
    }),
  },
  {
    key: 'enf-license',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'unlicensed_business',
    weight: 2,
    severity: MINOR,
    place: 'venue',
    text: (c) => ({
      title: `${c.place}涉嫌无证经营`,
      description: `执法检查发现${c.place}未办理${pick(c, ['营业执照', '卫生许可证', '特种行业许可证'])}擅自经营。`,
    }),
  },
  {
    key: 'enf-fire',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'fire_safety',
    weight: 2,
    severity: ROUTINE,
    place: 'venue',
    text: (c) => ({
      title: `${c.place}消防通道堵塞`,
      description: `消防监督检查发现${c.place}疏散通道堆放杂物，${n(c, 2, 8)}具灭火器过期。`,
    }),
  },
  {
    key: 'enf-ads',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'outdoor_advertising',
    weight: 1,
    severity: MINOR,
    place: 'urban',
    text: (c) => ({
      title: `${c.street}违规设置户外广告牌`,
      description: `${c.street}有商户未经审批设置大型户外广告牌，存在坠落隐患。`,
    }),
  },
  {
    key: 'enf-gas',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'gas_safety',
    weight: 2,
    severity: SERIOUS,
    place: 'business',
    text: (c) => ({
      title: `${c.place}餐饮店液化气使用不规范`,
      description: `检查发现${c.place}${n(c, 2, 5)}家餐饮店液化气钢瓶与灶具同室存放、未安装燃气泄漏报警器。`,
    }),
  },
  {
    key: 'enf-mine',
    source: 'enforcement',
    domain: 'enforcement',
    category: 'safety_production',
    weight: 1,
    severity: GRAVE,
    place: 'enterprise',
    text: (c) => ({
      title: `${c.place}安全检查发现重大隐患`,
      description: `应急管理部门执法检查发现${c.place}${pick(c, ['瓦斯监测设备失效', '违规超能力生产', '通风系统不符合要求'])}，已责令停产整顿。`,
    }),
  },

  // ── 群众上报 citizen (12345, mailbox, app, walk-in) ──────────────────────────────────────
  {
    key: 'cit-water',
    source: 'citizen',
    domain: 'service',
    category: 'water_outage',
    weight: 4,
    severity: ROUTINE,
    place: 'community',
    text: (c) => {
      const hours = n(c, 6, 48)
      return {
        title: `${c.community}停水${hours}小时未恢复`,
        description: `${CITIZEN_CALL(c)}${c.community}自${pick(c, ['昨晚', '今天早上', '前天'])}起停水，已${hours}小时未恢复，也未见停水通知，家中有老人孩子，生活不便。`,
      }
    },
  },
  {
    key: 'cit-heating',
    source: 'citizen',
    domain: 'service',
    category: 'heating',
    weight: 5,
    severity: MINOR,
    place: 'community',
    text: (c) => ({
      title: `${c.community}${c.building}号楼暖气不热`,
      description: `${CITIZEN_CALL(c)}家住${c.community}${c.building}号楼${n(c, 1, 4)}单元，暖气不热，室温只有${n(c, 10, 15)}度，多次联系热力公司未解决。`,
    }),
  },
  {
    key: 'cit-noise',
    source: 'citizen',
    domain: 'enforcement',
    category: 'noise',
    weight: 3,
    severity: MINOR,
    place: 'urban',
    text: (c) => ({
      title: `${c.street}${pick(c, ['烧烤店', 'KTV', '广场舞', '装修'])}夜间噪音扰民`,
      description: `${CITIZEN_CALL(c)}${c.street}附近每晚${pick(c, ['10点', '11点', '12点'])}以后仍有噪音，严重影响休息。`,
    }),
  },
  {
    key: 'cit-construction',
    source: 'citizen',
    domain: 'enforcement',
    category: 'illegal_construction',
    weight: 2,
    severity: MINOR,
    place: 'community',
    text: (c) => ({
      title: `${c.community}一楼住户私搭乱建`,
      description: `${CITIZEN_CALL(c)}${c.community}一楼住户在公共绿地上私自搭建${pick(c, ['阳光房', '小院', '库房'])}，侵占公共空间。`,
    }),
  },
  {
    key: 'cit-vendor',
    source: 'citizen',
    domain: 'enforcement',
    category: 'street_vendor',
    weight: 2,
    severity: MINOR,
    place: 'urban',
    text: (c) => ({
      title: `${c.street}早市占道经营影响通行`,
      description: `${CITIZEN_CALL(c)}${c.street}早市摊位摆到机动车道上，早高峰车辆无法通行。`,
    }),
  },
  {
    key: 'cit-garbage',
    source: 'citizen',
    domain: 'service',
    category: 'sanitation',
    weight: 3,
    severity: MINOR,
    place: 'community',
    text: (c) => ({
      title: `${c.community}垃圾清运不及时`,
      description: `${CITIZEN_CALL(c)}${c.community}垃圾桶满溢${n(c, 2, 4)}天无人清运，气味难闻。`,
    }),
  },
  {
    key: 'cit-road',
    source: 'citizen',
    domain: 'service',
    category: 'road_damage',
    weight: 2,
    severity: MINOR,
    place: 'urban',
    text: (c) => ({
      title: `${c.street}路面坑洼积水`,
      description: `${CITIZEN_CALL(c)}${c.street}${pick(c, ['中段', '与十字路口交汇处', '菜市场门口'])}路面破损严重，下雨积水，行人车辆经过困难。`,
    }),
  },
  {
    key: 'cit-power',
    source: 'citizen',
    domain: 'service',
    category: 'power_outage',
    weight: 2,
    severity: MINOR,
    place: 'village',
    text: (c) => ({
      title: `${c.village}频繁停电`,
      description: `${CITIZEN_CALL(c)}${c.village}近一周停电${n(c, 3, 8)}次，家用电器受损。`,
    }),
  },
  {
    key: 'cit-wage',
    source: 'citizen',
    domain: 'governance',
    category: 'wage_arrears',
    weight: 2,
    severity: ROUTINE,
    place: 'construction',
    text: (c) => {
      const workers = n(c, 5, 40)
      return {
        title: `${c.place}拖欠${workers}名农民工工资`,
        description: `${CITIZEN_CALL(c)}在${c.place}务工，工程已完工${n(c, 2, 6)}个月，施工方仍拖欠${workers}名农民工工资约${n(c, 10, 80)}万元。`,
      }
    },
  },
  {
    key: 'cit-property',
    source: 'citizen',
    domain: 'service',
    category: 'property_service',
    weight: 2,
    severity: MINOR,
    place: 'community',
    text: (c) => ({
      title: `${c.community}物业服务不到位`,
      description: `${CITIZEN_CALL(c)}${c.community}${pick(c, ['电梯经常故障', '楼道照明损坏无人维修', '小区大门门禁长期损坏'])}，物业公司不作为。`,
    }),
  },
  {
    key: 'cit-neighbor',
    source: 'citizen',
    domain: 'governance',
    category: 'neighbor_dispute',
    weight: 2,
    severity: MINOR,
    place: 'village',
    text: (c) => ({
      title: `${c.village}邻里因排水问题发生矛盾`,
      description: `${CITIZEN_CALL(c)}邻居翻修院子后雨水排到自家院内，多次协商未果。`,
    }),
  },
  {
    key: 'cit-sewage',
    source: 'citizen',
    domain: 'service',
    category: 'sewage',
    weight: 2,
    severity: MINOR,
    place: 'urban',
    text: (c) => ({
      title: `${c.street}下水道堵塞污水外溢`,
      description: `${CITIZEN_CALL(c)}${c.street}下水道堵塞，污水漫到人行道上，气味刺鼻。`,
    }),
  },
  {
    key: 'cit-school',
    source: 'citizen',
    domain: 'service',
    category: 'education',
    weight: 1,
    severity: MINOR,
    place: 'school',
    text: (c) => ({
      title: `${c.place}收费问题反映`,
      description: `${CITIZEN_CALL(c)}${c.place}要求学生统一购买${pick(c, ['教辅资料', '校服', '课后服务'])}，家长质疑收费是否合规。`,
    }),
  },
  {
    key: 'cit-hospital',
    source: 'citizen',
    domain: 'service',
    category: 'medical_service',
    weight: 1,
    severity: MINOR,
    place: 'hospital',
    text: (c) => ({
      title: `${c.place}服务态度问题`,
      description: `${CITIZEN_CALL(c)}在${c.place}就诊时${pick(c, ['排队时间过长', '医护人员态度生硬', '收费明细不清'])}。`,
    }),
  },
  {
    key: 'cit-assistance',
    source: 'citizen',
    domain: 'service',
    category: 'social_assistance',
    weight: 1,
    severity: MINOR,
    place: 'village',
    text: (c) => ({
      title: `${c.village}群众咨询低保申请`,
      description: `${CITIZEN_CALL(c)}家中因病致贫，咨询低保申请条件和办理流程。`,
    }),
  },
  {
    key: 'cit-gas',
    source: 'citizen',
    domain: 'service',
    category: 'gas_safety',
    weight: 1,
    severity: GRAVE,
    place: 'community',
    text: (c) => ({
      title: `${c.community}楼道内有燃气异味`,
      description: `${CITIZEN_CALL(c)}${c.community}${c.building}号楼楼道内燃气味很重，已开窗通风，请求尽快派人检查。`,
    }),
  },
  {
    key: 'cit-dogs',
    source: 'citizen',
    domain: 'enforcement',
    category: 'stray_dogs',
    weight: 1,
    severity: MINOR,
    place: 'community',
    text: (c) => ({
      title: `${c.community}流浪犬伤人隐患`,
      description: `${CITIZEN_CALL(c)}${c.community}附近有多只流浪犬聚集，已有孩子被追咬。`,
    }),
  },
  {
    key: 'cit-parking',
    source: 'citizen',
    domain: 'enforcement',
    category: 'parking',
    weight: 2,
    severity: MINOR,
    place: 'community',
    text: (c) => ({
      title: `${c.community}车辆乱停占用消防通道`,
      description: `${CITIZEN_CALL(c)}${c.community}消防通道长期被私家车占用，物业劝阻无效。`,
    }),
  },

  // ── 上级转办 referral from superiors ────────────────────────────────────────────────────
  {
    key: 'ref-water',
    source: 'referral',
    domain: 'service',
    category: 'water_outage',
    weight: 2,
    severity: ROUTINE,
    place: 'community',
    sender: { channel: 'city_12345', name: '晋中市12345政务服务便民热线' },
    text: (c) => ({
      title: `市12345转办：${c.community}长时间停水`,
      description: `晋中市12345热线转办：市民来电反映${c.community}停水超过一天，县级答复后仍未解决，请限时办理并反馈。`,
    }),
  },
  {
    key: 'ref-heating',
    source: 'referral',
    domain: 'service',
    category: 'heating',
    weight: 2,
    severity: MINOR,
    place: 'community',
    sender: { channel: 'city_12345', name: '晋中市12345政务服务便民热线' },
    text: (c) => ({
      title: `市12345转办：${c.community}供暖温度不达标`,
      description: `晋中市12345热线转办：${c.community}多户居民反映室温低于18度，请核实处理。`,
    }),
  },
  {
    key: 'ref-land',
    source: 'referral',
    domain: 'governance',
    category: 'land_compensation',
    weight: 2,
    severity: ROUTINE,
    place: 'village',
    sender: { channel: 'petition', name: '晋中市信访局' },
    text: (c) => ({
      title: `上级转办：${c.village}村民反映征地补偿款未足额发放`,
      description: `市信访局转办：${c.village}${n(c, 3, 20)}户村民反映${pick(c, ['修路', '光伏项目', '安置房项目'])}征地补偿款未足额发放，请依法核查答复。`,
    }),
  },
  {
    key: 'ref-env',
    source: 'referral',
    domain: 'enforcement',
    category: 'illegal_discharge',
    weight: 2,
    severity: SERIOUS,
    place: 'enterprise',
    sender: { channel: 'superior', name: '晋中市生态环境局' },
    text: (c) => ({
      title: `市生态环境局转办：群众举报${c.place}夜间偷排`,
      description: `市生态环境局转办群众举报：${c.place}夜间通过暗管排放废水，请立即核查并报送处理结果。`,
    }),
  },
  {
    key: 'ref-petition',
    source: 'referral',
    domain: 'governance',
    category: 'petition',
    weight: 2,
    severity: ROUTINE,
    place: 'village',
    sender: { channel: 'petition', name: '山西省网上信访信息系统' },
    text: (c) => ({
      title: `省网上信访转办：${c.village}村务公开问题`,
      description: `山西省网上信访信息系统转办：${c.village}村民反映村集体${pick(c, ['土地流转收入', '扶贫资金', '集体资产出租'])}账目不公开，请核查。`,
    }),
  },
  {
    key: 'ref-wage',
    source: 'referral',
    domain: 'governance',
    category: 'wage_arrears',
    weight: 1,
    severity: SERIOUS,
    place: 'construction',
    sender: { channel: 'superior', name: '晋中市根治欠薪工作领导小组办公室' },
    text: (c) => ({
      title: `上级督办：${c.place}农民工欠薪`,
      description: `市根治欠薪办督办：${c.place}拖欠农民工工资，已有${n(c, 10, 50)}人多次反映，请春节前妥善解决。`,
    }),
  },
  {
    key: 'ref-mass',
    source: 'referral',
    domain: 'governance',
    category: 'mass_incident',
    weight: 1,
    severity: GRAVE,
    place: 'village',
    sender: { channel: 'superior', name: '晋中市委政法委' },
    text: (c) => ({
      title: `上级通报：${c.village}村民聚集反映诉求`,
      description: `市委政法委通报：${c.village}约${n(c, 20, 60)}名村民因${pick(c, ['煤矿采空区房屋受损', '企业占地补偿', '饮水困难'])}问题聚集，请县、乡两级立即处置，稳控化解。`,
    }),
  },

  // ── 舆情发现 public opinion ─────────────────────────────────────────────────────────────
  {
    key: 'op-road',
    source: 'opinion',
    domain: 'service',
    category: 'road_damage',
    weight: 2,
    severity: MINOR,
    place: 'village',
    text: (c) => ({
      title: `网民发布${c.village}道路泥泞出行难视频`,
      description: `舆情监测发现，网民在${pick(c, ['抖音', '快手'])}发布${c.village}道路泥泞、车辆陷车的视频，播放量${n(c, 1, 50)}万，评论多为负面。`,
    }),
  },
  {
    key: 'op-water',
    source: 'opinion',
    domain: 'service',
    category: 'water_outage',
    weight: 2,
    severity: ROUTINE,
    place: 'community',
    text: (c) => ({
      title: `微信群热议${c.community}停水问题`,
      description: `舆情监测发现，${c.township}多个业主微信群转发${c.community}停水信息，群众情绪较大，存在负面炒作风险。`,
    }),
  },
  {
    key: 'op-school',
    source: 'opinion',
    domain: 'service',
    category: 'food_safety',
    weight: 1,
    severity: SERIOUS,
    place: 'school',
    text: (c) => ({
      title: `网帖称${c.place}食堂饭菜质量差`,
      description: `本地论坛出现帖子称${c.place}食堂饭菜${pick(c, ['分量不足', '有异物', '不新鲜'])}，阅读量${n(c, 2000, 30000)}，家长转发较多。`,
    }),
  },
  {
    key: 'op-rumor',
    source: 'opinion',
    domain: 'governance',
    category: 'online_rumor',
    weight: 1,
    severity: SERIOUS,
    place: 'village',
    text: (c) => ({
      title: `网络流传${c.township}${pick(c, ['水源污染', '疫情', '拆迁'])}不实信息`,
      description: `舆情监测发现，微信群、短视频平台流传关于${c.township}的不实信息，已引起部分群众恐慌，需及时发布权威信息。`,
    }),
  },
  {
    key: 'op-vendor',
    source: 'opinion',
    domain: 'enforcement',
    category: 'street_vendor',
    weight: 1,
    severity: MINOR,
    place: 'urban',
    text: (c) => ({
      title: `网民反映${c.street}占道经营乱象`,
      description: `网民在县长信箱留言板及本地公众号评论区集中反映${c.street}占道经营、交通拥堵问题。`,
    }),
  },
  {
    key: 'op-heating',
    source: 'opinion',
    domain: 'service',
    category: 'heating',
    weight: 1,
    severity: MINOR,
    place: 'community',
    text: (c) => ({
      title: `短视频反映${c.community}暖气不热`,
      description: `网民发布短视频称${c.community}家中温度计显示${n(c, 10, 14)}度，评论区多名网友附和。`,
    }),
  },
]

/** The category's routing, or the township government (the universal first responder). */
export function categoryInfo(category: string): CategoryInfo {
  return CATEGORIES[category] ?? { units: [TOWNSHIP_UNIT], feedback: ['已按职责处置完毕'] }
}

export const SPOTS: readonly string[] = [
  '北沟',
  '村口',
  '主街',
  '河道旁',
  '后山',
  '南坡',
  '打谷场',
  '村委会附近',
  '东头',
  '西沟',
  '学校附近',
  '老村',
]
/** Streets of the county seat: the first four are real (named in its communities), the rest plausible. */
export const STREETS: readonly string[] = [
  '松溪路',
  '新建南路',
  '红旗街',
  '西大街',
  '东大街',
  '南关街',
  '北关街',
  '河东路',
  '河西路',
  '乐平路',
  '大寨路',
]
