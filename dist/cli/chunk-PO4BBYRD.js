import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  external_exports
} from "./chunk-2VMIIVX7.js";

// src/domain/voice.ts
var COACHING_TONES = ["gentle", "direct", "cheerleader", "brief"];
var COACH_PERSONAS = ["strategist", "motivator", "nurturer"];
var DEFAULT_VOICE = { tone: "gentle", persona: "strategist" };
function toneOf(raw) {
  const tone = (raw ?? "").trim().toLowerCase();
  const known = COACHING_TONES.find((t) => t === tone);
  if (known) return known;
  if (/tough|strict|blunt|straight|firm/.test(tone)) return "direct";
  if (/cheer|hype|motivat|energ|enthusias/.test(tone)) return "cheerleader";
  if (/brief|short|concise|minimal/.test(tone)) return "brief";
  return "gentle";
}
function personaOf(raw) {
  const persona = (raw ?? "").trim().toLowerCase();
  return COACH_PERSONAS.find((p) => p === persona) ?? "strategist";
}
function voiceOf(tone, persona) {
  return { tone: toneOf(tone), persona: personaOf(persona) };
}
var NAME = new RegExp("^\\p{L}[\\p{L}\\p{M}'’.-]*$", "u");
var MAX_NAME_CHARS = 30;
function firstNameOf(fullName) {
  const first = (fullName ?? "").trim().split(/\s+/)[0] ?? "";
  if (!NAME.test(first) || Array.from(first).length > MAX_NAME_CHARS) return null;
  return first;
}
function salutation(tone, firstName) {
  switch (tone) {
    case "gentle":
      return `Hi ${firstName ?? "there"},`;
    case "cheerleader":
      return firstName ? `Hey ${firstName}!` : "Hey!";
    case "direct":
    case "brief":
      return firstName ? `${firstName},` : "";
  }
}
function addressed(opening, sentence) {
  if (opening === "") return sentence;
  const lower = opening.endsWith(",") && !/^I\b/.test(sentence);
  const rest = lower ? sentence[0].toLowerCase() + sentence.slice(1) : sentence;
  return `${opening} ${rest}`;
}

// src/domain/planProfile.ts
var SESSION_MINUTES = { min: 20, max: 120 };
function isStrained(wellness) {
  return wellness.stressfulDays >= 2 || wellness.avgSleepHours !== null && wellness.avgSleepHours < 6;
}
function usualDays(profile) {
  return profile.daysPerWeek === null ? null : clamp(Math.round(profile.daysPerWeek), 1, 7);
}
function usualMinutes(profile) {
  return profile.sessionMinutes === null ? null : clamp(Math.round(profile.sessionMinutes), SESSION_MINUTES.min, SESSION_MINUTES.max);
}
function dailyTargetsOf(profile) {
  return {
    calories: profile.dailyKcalTarget,
    protein_g: profile.macroTargets?.proteinG ?? null,
    carbs_g: profile.macroTargets?.carbsG ?? null,
    fat_g: profile.macroTargets?.fatG ?? null
  };
}
function coachingToneOf(profile) {
  return toneOf(profile.coachingTone);
}
function workoutLocationOf(profile) {
  const location = (profile.workoutLocation ?? "").trim().toLowerCase();
  return location === "home" || location === "gym" || location === "hybrid" ? location : null;
}
function clamp(n, lo, hi) {
  return Math.min(hi, Math.max(lo, n));
}
function planProfileOf(row) {
  return {
    primaryGoal: row.primary_goal,
    experienceLevel: row.experience_level,
    daysPerWeek: numberOrNull(row.days_per_week),
    sessionMinutes: numberOrNull(row.session_minutes),
    equipment: texts(row.equipment_access),
    workoutLocation: row.workout_location,
    injuries: texts(row.injuries),
    conditions: texts(row.conditions),
    contraindications: texts(row.contraindications),
    isPregnantOrBreastfeeding: row.is_pregnant_or_breastfeeding === true,
    isRecoveringFromSurgery: row.is_recovering_from_surgery === true,
    allergies: texts(row.allergies),
    intolerances: texts(row.intolerances),
    dietPattern: row.diet_pattern,
    faithDietRules: texts(row.faith_diet_rules),
    dailyKcalTarget: positiveOrNull(row.daily_kcal_target),
    macroTargets: macroTargetsOf(row.macro_targets),
    coachingTone: row.coaching_tone,
    coachingPersona: row.coaching_persona
  };
}
function macroTargetsOf(value) {
  let json = value;
  if (typeof json === "string") {
    try {
      json = JSON.parse(json);
    } catch {
      return null;
    }
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return null;
  const o = json;
  const targets = {
    proteinG: positiveOrNull(o.protein_g ?? o.protein),
    carbsG: positiveOrNull(o.carbs_g ?? o.carbs),
    fatG: positiveOrNull(o.fat_g ?? o.fat)
  };
  return Object.values(targets).every((v) => v === null) ? null : targets;
}
function texts(list) {
  return (list ?? []).filter((item) => typeof item === "string" && item.trim() !== "");
}
function numberOrNull(value) {
  if (value === null || value === void 0 || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
function positiveOrNull(value) {
  const n = numberOrNull(value);
  return n !== null && n > 0 ? n : null;
}

// src/domain/planFood.ts
var FOODS = {
  peanut: { terms: /\bpeanuts?\b|groundnuts?|satay/i },
  treeNut: {
    terms: /almonds?|cashews?|walnuts?|pecans?|hazelnuts?|pistachios?|macadamias?|brazil nuts?|\bnuts?\b|praline|marzipan|pesto/i
  },
  dairy: {
    terms: /\bmilk|buttermilk|cheese|yogh?urt|\bbutter\b|\bcream|\bwhey\b|paneer|feta|mozzarella|parmesan|ricotta|halloumi|kefir|\bghee\b|\bdairy\b|latte|custard|skyr|quark|casein/i,
    except: /\b(oat|soy|soya|almond|rice|coconut|cashew|pea|hemp|plant[- ]based|vegan|dairy[- ]free|peanut|nut|seed|apple|cocoa)[- ](milk|yogh?urt|cheese|butter|cream)s?\b/gi
  },
  egg: {
    terms: /\beggs?\b|omelett?e|frittata|mayo(nnaise)?|quiche|meringue|shakshuka/i,
    except: /egg[- ]free/gi
  },
  gluten: {
    terms: /wheat|bread|\btoast\b|pasta|spaghetti|noodles?|couscous|bulgur|barley|\brye\b|seitan|tortillas?|\bwraps?\b|bagels?|pitta|\bpita\b|crackers?|muffins?|pancakes?|croissants?|\bbuns?\b|\brolls?\b|sandwich|gluten|semolina|spelt|granola/i,
    except: /gluten[- ]free \w+|buckwheat|rice (noodles?|crackers?|cakes?)|corn tortillas?/gi
  },
  shellfish: {
    terms: /shellfish|shrimps?|prawns?|crabs?|lobsters?|mussels?|clams?|oysters?|scallops?|squid|calamari/i
  },
  fish: {
    terms: /\bfish|salmon|tuna|\bcod\b|sardines?|mackerel|anchov|trout|haddock|tilapia|sea bass|halibut/i
  },
  soy: { terms: /\bsoy|soya|tofu|tempeh|edamame|miso/i },
  sesame: { terms: /sesame|tahini|hummus|houmous|halva/i },
  meat: {
    terms: /chicken|beef|pork|lamb|mutton|turkey|bacon|\bham\b|sausages?|steak|mince|veal|duck|venison|salami|pepperoni|prosciutto|chorizo|\bmeat|jerky|gammon|burgers?/i,
    except: /\b(plant[- ]based|vegan|veggie|vegetarian|meat[- ]free|soy|soya|bean|lentil|mushroom|tofu|chickpea)[- ](burgers?|sausages?|mince|meat|chicken|nuggets?)\b/gi
  },
  pork: {
    terms: /\bpork|bacon|\bham\b|gammon|prosciutto|pancetta|chorizo|salami|pepperoni|\blard\b|sausages?/i,
    except: /\b(plant[- ]based|vegan|veggie|vegetarian|chicken|beef|turkey|halal)[- ]sausages?\b/gi
  },
  beef: {
    terms: /beef|steak|veal|brisket|burgers?/i,
    except: /\b(bean|veggie|vegan|chicken|turkey)[- ]burgers?\b/gi
  },
  alcohol: {
    terms: /alcohol|\bwine\b|\bbeer\b|\brum\b|vodka|whiske?y|\bgin\b|brandy|\bsake\b|cider|liqueur/i
  },
  gelatin: { terms: /gelatine?/i },
  honey: { terms: /honey/i },
  rootVeg: { terms: /onions?|garlic|potato(es)?|carrots?|beetroot|radish/i }
};
var ALLERGENS = [
  [/peanut|groundnut/i, ["peanut"]],
  [/tree ?nut|\bnuts?\b|almond|cashew|walnut|pecan|hazelnut|pistachio|macadamia|brazil/i, ["treeNut"]],
  [/dairy|milk|lactose|casein|whey|cheese/i, ["dairy"]],
  [/\beggs?\b/i, ["egg"]],
  [/gluten|wheat|coeliac|celiac/i, ["gluten"]],
  [/shellfish|crustacean|shrimp|prawn|crab|lobster|mollus/i, ["shellfish"]],
  [/\bfish\b/i, ["fish"]],
  [/\bsoy|soya/i, ["soy"]],
  [/sesame/i, ["sesame"]]
];
var DIETS = [
  [/vegan|plant[- ]based/i, ["meat", "fish", "shellfish", "dairy", "egg", "honey", "gelatin"]],
  [/vegetarian|veggie|lacto|ovo/i, ["meat", "fish", "shellfish", "gelatin"]],
  [/pesc[ae]tarian/i, ["meat"]]
];
var FAITH_RULES = [
  [/halal|islam|muslim/i, ["pork", "alcohol", "gelatin"]],
  [/kosher|jewish/i, ["pork", "shellfish"]],
  [/hindu|no beef|beef[- ]free/i, ["beef"]],
  [/no pork|pork[- ]free/i, ["pork"]],
  [/no alcohol|alcohol[- ]free|sikh/i, ["alcohol"]],
  [/jain/i, ["meat", "fish", "shellfish", "egg", "honey", "gelatin", "rootVeg"]]
];
function groupRule(source, group) {
  const food = FOODS[group];
  return {
    source,
    find: (meal) => (food.except ? meal.replace(food.except, " ") : meal).match(food.terms)?.[0] ?? null
  };
}
function wordRule(source, item) {
  const word = item.toLowerCase().replace(/[^a-z\s-]/g, " ").replace(/\s+/g, " ").trim();
  if (word.length < 3 || word.split(" ").length > 3) return null;
  let pattern;
  if (/ies$/.test(word)) pattern = `${word.slice(0, -3)}(?:y|ies)`;
  else if (/oes$/.test(word)) pattern = `${word.slice(0, -2)}(?:es)?`;
  else if (/[^s]s$/.test(word)) pattern = `${word.slice(0, -1)}s?`;
  else if (/y$/.test(word)) pattern = `${word.slice(0, -1)}(?:y|ies)`;
  else pattern = `${word}(?:e?s)?`;
  const re = new RegExp(`\\b${pattern}\\b`, "i");
  return { source, find: (meal) => meal.match(re)?.[0] ?? null };
}
var meatWithDairy = {
  source: "faith diet rules",
  find(meal) {
    const meat = groupRule("faith diet rules", "meat").find(meal);
    const dairy = meat ? groupRule("faith diet rules", "dairy").find(meal) : null;
    return meat && dairy ? `${meat} with ${dairy}` : null;
  }
};
function foodRules(profile) {
  const rules = [];
  const fromTable = (source, texts2, table) => {
    for (const text of texts2) {
      for (const [re, groups] of table) {
        if (re.test(text)) rules.push(...groups.map((g) => groupRule(source, g)));
      }
    }
  };
  for (const [source, items] of [
    ["allergies", profile.allergies],
    ["intolerances", profile.intolerances]
  ]) {
    fromTable(source, items, ALLERGENS);
    for (const item of items.filter((text) => !ALLERGENS.some(([re]) => re.test(text)))) {
      const rule = wordRule(source, item);
      if (rule) rules.push(rule);
    }
  }
  fromTable("diet pattern", profile.dietPattern ? [profile.dietPattern] : [], DIETS);
  fromTable("faith diet rules", profile.faithDietRules, FAITH_RULES);
  if (profile.faithDietRules.some((rule) => /kosher|jewish/i.test(rule))) rules.push(meatWithDairy);
  return rules;
}
function mealConflict(meal, rules) {
  for (const rule of rules) {
    const found = rule.find(meal);
    if (found) return `names ${JSON.stringify(found)}, which the profile's ${rule.source} rule out`;
  }
  return null;
}
function mealProblems(meals, profile) {
  const rules = foodRules(profile);
  const problems = [];
  for (const [slot, meal] of Object.entries(meals)) {
    const conflict = mealConflict(meal, rules);
    if (conflict) problems.push(`nutrition: sample_meals.${slot} ${conflict}`);
  }
  return problems;
}

// src/domain/planLibrary.ts
var EXERCISES = {
  lower: {
    gym: ["Back squat", "Romanian deadlift", "Leg press", "Leg curl", "Walking lunge", "Glute bridge"],
    dumbbell: ["Goblet squat", "Dumbbell Romanian deadlift", "Reverse lunge", "Glute bridge", "Step-up"],
    bodyweight: ["Bodyweight squat", "Glute bridge", "Reverse lunge", "Single-leg glute bridge", "Wall sit"]
  },
  upper: {
    gym: ["Bench press", "Lat pulldown", "Seated cable row", "Overhead press", "Face pull"],
    dumbbell: ["Dumbbell bench press", "One-arm dumbbell row", "Dumbbell shoulder press", "Dumbbell curl"],
    bodyweight: ["Push-up", "Inverted row", "Pike push-up", "Superman hold", "Towel row"]
  },
  full: {
    gym: ["Deadlift", "Kettlebell swing", "Rowing machine intervals", "Farmer carry", "Dead bug"],
    dumbbell: ["Dumbbell thruster", "Renegade row", "Farmer carry", "Dead bug", "Glute bridge"],
    bodyweight: ["Burpee", "Mountain climber", "Bear crawl", "Dead bug", "Glute bridge"]
  },
  cardio: {
    gym: [
      "Stationary bike intervals",
      "Rowing machine",
      "Incline treadmill walk",
      "Stationary bike, easy pace"
    ],
    dumbbell: ["Brisk walk", "Jumping jacks", "Shadow boxing", "Marching in place"],
    bodyweight: ["Brisk walk", "Jumping jacks", "Shadow boxing", "Marching in place"]
  },
  mobility: {
    gym: ["Cat-cow", "Hip flexor stretch", "Thoracic rotation", "Easy walk"],
    dumbbell: ["Cat-cow", "Hip flexor stretch", "Thoracic rotation", "Easy walk"],
    bodyweight: ["Cat-cow", "Hip flexor stretch", "Thoracic rotation", "Easy walk"]
  },
  // Low- to moderate-intensity strength work for a conservative plan.
  gentle: {
    gym: ["Seated cable row, light", "Leg press, light", "Bird dog", "Side-lying leg raise", "Easy walk"],
    dumbbell: ["Light dumbbell row", "Sit-to-stand", "Wall push-up", "Bird dog", "Side-lying leg raise"],
    bodyweight: ["Sit-to-stand", "Wall push-up", "Bird dog", "Side-lying leg raise", "Standing calf stretch"]
  }
};
var FOCUS_NAMES = {
  lower: "Lower body",
  upper: "Upper body",
  full: "Full body",
  cardio: "Cardio",
  mobility: "Mobility",
  gentle: "Gentle strength"
};
var MEALS = {
  breakfast: [
    "Greek yogurt with berries and oats",
    "Scrambled eggs with spinach on wholegrain toast",
    "Porridge made with oat milk, topped with banana and chia seeds",
    "Tofu scramble with peppers and spinach",
    "Fresh fruit and a breakfast you know suits you"
  ],
  lunch: [
    "Chicken, quinoa and roasted vegetable bowl",
    "Lentil and vegetable soup with a wholegrain roll",
    "Chickpea, quinoa and roasted vegetable salad with an olive oil dressing",
    "A plate you know is safe for you, half of it vegetables"
  ],
  dinner: [
    "Salmon with brown rice and steamed broccoli",
    "Chicken stir-fry with vegetables and rice",
    "Bean and vegetable chilli with rice",
    "Lentil dahl with rice and spinach",
    "A plate you know is safe for you, half of it vegetables"
  ],
  snacks: [
    "Apple slices with peanut butter",
    "Hummus with cucumber and pepper sticks",
    "A banana and a handful of pumpkin seeds",
    "Rice cakes with sliced banana",
    "A piece of fresh fruit"
  ]
};

// src/domain/planSafety.ts
var INJURY_RULES = [
  {
    part: "knee",
    injury: /\bknees?\b|\bacl\b|\bmeniscus\b/i,
    avoid: /squat|lunge|jump|step-up|pistol|burpee|\brun(ning)?\b|sprint|leg extension/i
  },
  {
    part: "back",
    injury: /\bback\b|spine|spinal|\bdisc\b|lumbar/i,
    avoid: /deadlift|good morning|barbell row|bent-over row|back squat|sit-up|kettlebell swing|\bclean\b|snatch/i
  },
  {
    part: "shoulder",
    injury: /shoulder|rotator/i,
    avoid: /overhead press|shoulder press|military press|push press|handstand|pike|\bdips?\b|upright row|snatch/i
  },
  {
    part: "wrist",
    injury: /wrist|carpal/i,
    avoid: /push-up|plank|handstand|mountain climber|front squat|\bclean\b|burpee|bear crawl|renegade/i
  },
  {
    part: "ankle",
    injury: /ankle|achilles|\bshins?\b|\bfoot\b|\bfeet\b/i,
    avoid: /jump|skipping|sprint|\brun(ning)?\b|burpee|calf raise/i
  },
  { part: "hip", injury: /\bhips?\b/i, avoid: /lunge|pistol|sprint|deep squat/i },
  { part: "neck", injury: /\bneck\b/i, avoid: /shrug|headstand|overhead press|back squat/i }
];
var HIGH_INTENSITY = /\bhiit\b|high[- ]intensity|tabata|interval|sprint|jump|plyo|burpee|mountain climber|kettlebell swing|snatch|\bclean\b|thruster|\bmax(imal|imum)?\b|\b1 ?rm\b|one[- ]rep|heavy|all[- ]out|to failure/i;
var GYM_ONLY = /machine|cable|leg press|lat pulldown|smith|barbell|treadmill|stationary bike|leg curl|pec deck|\bsled\b/i;
function conservativeReasons(profile) {
  const reasons = [];
  if (profile.isPregnantOrBreastfeeding) {
    reasons.push({
      code: "pregnant_or_breastfeeding",
      rule: "the user is pregnant or breastfeeding",
      because: "you are pregnant or breastfeeding"
    });
  }
  if (profile.isRecoveringFromSurgery) {
    reasons.push({
      code: "recovering_from_surgery",
      rule: "the user is recovering from surgery",
      because: "you are recovering from surgery"
    });
  }
  if (profile.conditions.length > 0) {
    reasons.push({
      code: "health_conditions",
      rule: "the profile lists health conditions",
      because: "your profile lists health conditions"
    });
  }
  if (profile.contraindications.length > 0) {
    reasons.push({
      code: "contraindications",
      rule: "the profile lists contraindications",
      because: "your profile lists contraindications"
    });
  }
  return reasons;
}
function injuredRules(profile) {
  const texts2 = [...profile.injuries, ...profile.conditions, ...profile.contraindications];
  return INJURY_RULES.filter((rule) => texts2.some((text) => rule.injury.test(text)));
}
function homeKit(equipment) {
  const all = equipment.join(" ").toLowerCase();
  if (/barbell|machine|cable|rack|home gym/.test(all)) return "gym";
  if (/dumbbell|kettlebell/.test(all)) return "dumbbell";
  return "bodyweight";
}
function listedKit(equipment) {
  return /gym/i.test(equipment.join(" ")) ? "gym" : homeKit(equipment);
}
function exerciseConflict(exercise, profile) {
  for (const rule of injuredRules(profile)) {
    if (rule.avoid.test(exercise)) return `loads the injured ${rule.part}`;
  }
  const [reason] = conservativeReasons(profile);
  if (reason && HIGH_INTENSITY.test(exercise))
    return `is high-intensity, expected none because ${reason.rule}`;
  if (workoutLocationOf(profile) === "home" && homeKit(profile.equipment) !== "gym" && GYM_ONLY.test(exercise)) {
    return "needs gym equipment, expected exercises possible at home with the listed equipment";
  }
  return null;
}
function workoutProblems(workouts, profile) {
  const problems = [];
  for (const workout of workouts) {
    for (const item of [workout.type, ...workout.exercises]) {
      const conflict = exerciseConflict(item, profile);
      if (conflict) problems.push(`training: ${JSON.stringify(item)} ${conflict}`);
    }
  }
  return problems;
}

// src/domain/planSchema.ts
var WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday"
];
var PLAN_SCHEMA_NAME = "weekly_plan";
var planSchema = external_exports.object({
  training: external_exports.object({
    overview: external_exports.string(),
    schedule: external_exports.object({
      /** e.g. "3 days per week": the number must match the workouts listed. */
      frequency: external_exports.string(),
      /** e.g. "45 minutes". */
      duration: external_exports.string(),
      location: external_exports.string()
    }),
    workouts: external_exports.array(
      external_exports.object({
        day: external_exports.enum(WEEKDAYS),
        type: external_exports.string(),
        exercises: external_exports.array(external_exports.string()).min(1).max(8)
      })
    ).min(1).max(7)
  }),
  nutrition: external_exports.object({
    overview: external_exports.string(),
    daily_targets: external_exports.object({
      calories: external_exports.number().nullable(),
      protein_g: external_exports.number().nullable(),
      carbs_g: external_exports.number().nullable(),
      fat_g: external_exports.number().nullable()
    }),
    guidelines: external_exports.array(external_exports.string()).min(1).max(6),
    sample_meals: external_exports.object({
      breakfast: external_exports.string(),
      lunch: external_exports.string(),
      dinner: external_exports.string(),
      snacks: external_exports.string()
    })
  }),
  recovery: external_exports.object({
    overview: external_exports.string(),
    sleep: external_exports.object({
      target_hours: external_exports.number().min(7).max(10),
      bedtime_routine: external_exports.string()
    }),
    active_recovery: external_exports.array(external_exports.string()).min(1).max(6),
    stress_management: external_exports.array(external_exports.string()).min(1).max(6)
  }),
  coaching: external_exports.object({
    overview: external_exports.string(),
    tone: external_exports.enum(COACHING_TONES),
    weekly_check_ins: external_exports.string(),
    key_focus_areas: external_exports.array(external_exports.string()).min(1).max(5),
    motivation: external_exports.string()
  })
});
var { $schema: _planDialect, ...planJson } = external_exports.toJSONSchema(planSchema);
var planJsonSchema = planJson;

// src/domain/planFallback.ts
var DAY_PATTERNS = {
  1: ["Wednesday"],
  2: ["Monday", "Thursday"],
  3: ["Monday", "Wednesday", "Friday"],
  4: ["Monday", "Tuesday", "Thursday", "Friday"],
  5: ["Monday", "Tuesday", "Wednesday", "Friday", "Saturday"],
  6: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  7: WEEKDAYS
};
var GOAL_FOCUS = {
  strength: ["lower", "upper", "full"],
  weight: ["full", "cardio", "lower", "upper"],
  endurance: ["cardio", "full", "lower", "upper"],
  general: ["full", "upper", "lower", "cardio"]
};
var CONSERVATIVE_FOCUS = ["gentle", "cardio", "mobility"];
var GOAL_FOCUS_AREA = {
  strength: "Progressive strength",
  weight: "Steady, sustainable habits",
  endurance: "Aerobic base",
  general: "All-round fitness"
};
var CALORIE_GUIDANCE = {
  strength: "Eat at or slightly above maintenance, with protein at every meal.",
  weight: "Aim for a modest deficit: a little less than you need to maintain your weight, without skipping meals.",
  endurance: "Eat to maintain your weight and add carbohydrate around longer sessions.",
  general: "Eat to maintain your weight, guided by hunger and energy."
};
var MOTIVATION = {
  gentle: {
    calm: "Here is your plan for the week. Steady, consistent sessions are what move you toward your goal.",
    strained: "Last week asked a lot of you, so this plan eases off: fewer, shorter sessions and more rest. Showing up gently still counts."
  },
  direct: {
    calm: "Your plan for the week. Do the sessions, log them, and we adjust next week.",
    strained: "Last week was hard, so this week is lighter. Do what is planned and no more."
  },
  cheerleader: {
    calm: "New week, new wins! Every session you finish is a step toward your goal. You have got this!",
    strained: "Last week was a lot and you got through it! This week is lighter, so rest up. You are doing great!"
  },
  brief: { calm: "Plan set. Stay consistent.", strained: "Lighter week. Rest more." }
};
function fallbackPlan(input) {
  const { profile, wellness } = input;
  const strained = isStrained(wellness);
  const goal = goalOf(profile.primaryGoal);
  const reasons = conservativeReasons(profile);
  const conservative = reasons.length > 0;
  const because = reasons.map((r) => r.because).join(" and ");
  const tone = coachingToneOf(profile);
  const days = usualDays(profile) ?? 3;
  const count = strained && days >= 2 ? days - 1 : days;
  const usual = usualMinutes(profile) ?? 45;
  const minutes = clamp(
    strained ? Math.round(usual * 0.75) : usual,
    SESSION_MINUTES.min,
    SESSION_MINUTES.max
  );
  const perSession = strained || conservative || /begin|novice|new/i.test(profile.experienceLevel ?? "") ? 3 : 4;
  const focuses = conservative ? CONSERVATIVE_FOCUS : GOAL_FOCUS[goal];
  const place = placeOf(profile);
  const easy = strained || conservative;
  const workouts = (DAY_PATTERNS[count] ?? WEEKDAYS).map((day, i) => {
    const focus = strained && i === count - 1 && count > 1 ? "mobility" : focuses[i % focuses.length] ?? "mobility";
    const where = place.sessions[i % place.sessions.length];
    const allowed = (names) => names.filter((n) => exerciseConflict(n, profile) === null);
    const safe = allowed(EXERCISES[focus][where.kit]);
    const exercises = (safe.length > 0 ? safe : allowed(EXERCISES.mobility[where.kit])).slice(0, perSession);
    const type = `${FOCUS_NAMES[focus]}${where.label}${easy ? " (easy effort)" : ""}`;
    return { day, type, exercises: exercises.length > 0 ? exercises : ["Gentle stretching"] };
  });
  const trainingOverview = [
    `${count} ${count === 1 ? "workout" : "workouts"} of about ${minutes} minutes this week, built around your goal.`,
    strained ? "Last week was demanding, so this week eases off." : null,
    conservative ? `It keeps to low- and moderate-intensity work because ${because}.` : null,
    profile.injuries.length > 0 ? "Exercises that load your listed injuries are left out." : null
  ];
  const targets = dailyTargetsOf(profile);
  const rules = foodRules(profile);
  const guidelines = [
    "Build each meal around a protein source and vegetables.",
    "Drink water through the day, more on training days.",
    "Keep most meals minimally processed."
  ];
  if (rules.length > 0) {
    guidelines.push(
      "The sample meals leave out what your allergies, intolerances and diet rules exclude; check labels for hidden ingredients."
    );
  }
  if (wellness.mealsLogged === 0)
    guidelines.push("Log a few meals this week so your guidance can get more specific.");
  const coachingOverview = [
    conservative ? `This week's plan is conservative because ${because}: no high-intensity work. Stop and check with your healthcare provider if anything feels wrong.` : null,
    strained ? "Last week was demanding, so recovery comes first this week." : null,
    "Each week we look at what you logged and adjust the plan."
  ];
  return {
    training: {
      overview: sentences(trainingOverview),
      schedule: {
        frequency: `${count} ${count === 1 ? "day" : "days"} per week`,
        duration: `${minutes} minutes`,
        location: place.location
      },
      workouts
    },
    nutrition: {
      overview: `${targets.calories === null ? CALORIE_GUIDANCE[goal] : "Eat to your daily calorie target, spread across the day."} ${targetsSentence(targets)}`,
      daily_targets: targets,
      guidelines,
      sample_meals: sampleMeals(profile)
    },
    recovery: {
      overview: strained ? "Last week was demanding: protect your sleep and keep rest days easy." : "Recovery is where training turns into progress: sleep well and move gently on rest days.",
      sleep: {
        target_hours: strained ? 8.5 : 8,
        bedtime_routine: "Go to bed at the same time each night and put screens away 30 minutes before."
      },
      active_recovery: strained ? ["Keep a full rest day between harder sessions.", "Walk or stretch lightly on rest days."] : ["Take at least one full rest day.", "Walk or stretch lightly on rest days."],
      stress_management: strained ? ["Wind down without screens before bed.", "Take a few slow breaths when the day gets stressful."] : ["Take a few slow breaths when the day gets busy.", "Get outside for a short walk most days."]
    },
    coaching: {
      overview: sentences(coachingOverview),
      tone,
      weekly_check_ins: tone === "brief" ? "Sunday: rate the week 1-10." : "At the end of the week, check in: how did the workouts feel, and how did you sleep?",
      key_focus_areas: [
        conservative ? "Safe, low-intensity training" : GOAL_FOCUS_AREA[goal],
        "Consistency",
        ...strained ? ["Rest and recovery"] : []
      ],
      motivation: MOTIVATION[tone][strained ? "strained" : "calm"]
    }
  };
}
function placeOf(profile) {
  switch (workoutLocationOf(profile)) {
    case "gym":
      return { location: "Gym", sessions: [{ kit: "gym", label: "" }] };
    case "home":
      return { location: "Home", sessions: [{ kit: homeKit(profile.equipment), label: "" }] };
    case "hybrid":
      return {
        location: "Gym and home",
        sessions: [
          { kit: "gym", label: " at the gym" },
          { kit: homeKit(profile.equipment), label: " at home" }
        ]
      };
    default: {
      const kit = listedKit(profile.equipment);
      return { location: kit === "gym" ? "Gym" : "Home", sessions: [{ kit, label: "" }] };
    }
  }
}
function sampleMeals(profile) {
  const rules = foodRules(profile);
  const pick = (options) => options.find((meal) => mealConflict(meal, rules) === null) ?? "A meal you know is safe for you";
  return {
    breakfast: pick(MEALS.breakfast),
    lunch: pick(MEALS.lunch),
    dinner: pick(MEALS.dinner),
    snacks: pick(MEALS.snacks)
  };
}
function targetsSentence(targets) {
  const names = {
    calories: "calories",
    protein_g: "protein",
    carbs_g: "carbs",
    fat_g: "fat"
  };
  const unset = Object.keys(names).filter((k) => targets[k] === null);
  if (unset.length === 0) return "Your daily targets come from your profile.";
  if (unset.length === 4) {
    return "Daily calorie and macro targets are not set in your profile, so this plan gives guidance rather than numbers.";
  }
  return `Your daily targets come from your profile; ${joinWords(unset.map((k) => names[k]))} ${unset.length === 1 ? "is" : "are"} not set.`;
}
function goalOf(goal) {
  const g = (goal ?? "").toLowerCase();
  if (/strength|muscle|hypertrophy|power|bulk/.test(g)) return "strength";
  if (/weight|fat|lose|loss|lean|cut/.test(g)) return "weight";
  if (/endurance|run|cardio|marathon|stamina|cycling/.test(g)) return "endurance";
  return "general";
}
function sentences(parts) {
  return parts.filter((p) => p !== null).join(" ");
}
function joinWords(words) {
  return words.length <= 1 ? words[0] ?? "" : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

export {
  DEFAULT_VOICE,
  voiceOf,
  firstNameOf,
  salutation,
  addressed,
  mealProblems,
  isStrained,
  usualDays,
  usualMinutes,
  dailyTargetsOf,
  coachingToneOf,
  workoutLocationOf,
  planProfileOf,
  numberOrNull,
  conservativeReasons,
  workoutProblems,
  PLAN_SCHEMA_NAME,
  planSchema,
  planJsonSchema,
  fallbackPlan
};
