import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  CATEGORIES,
  DAY,
  HOUR,
  MINUTE,
  SAMPLE_TABLES,
  iso
} from "./chunk-OPZXELYM.js";
import {
  fallbackPlan,
  planProfileOf
} from "./chunk-PO4BBYRD.js";
import "./chunk-2VMIIVX7.js";
import "./chunk-PUGRNUUZ.js";

// src/seed/localDays.ts
var formatters = /* @__PURE__ */ new Map();
function formatterFor(timeZone) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit"
    });
    formatters.set(timeZone, f);
  }
  return f;
}
function wallClock(instant, timeZone) {
  const fields = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0
  };
}
function offsetAt(instant, timeZone) {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (instant % 1e3 + 1e3) % 1e3);
}
function localMidnight(year, month, day, timeZone) {
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}
function isoDate(utcMidnight) {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}
function localDaysBefore(asOf, timeZone, count) {
  const asOfMs = asOf.getTime();
  const today = wallClock(asOfMs - 1, timeZone);
  const days = [];
  let nextStart = asOfMs;
  for (let k = 0; k < count; k++) {
    const civil = Date.UTC(today.year, today.month - 1, today.day - k);
    const d = new Date(civil);
    const start = localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
    days.push({ date: isoDate(civil), start, end: nextStart });
    nextStart = start;
  }
  return days;
}
function localDayOf(days, instant) {
  for (const day of days) {
    if (day.start <= instant && instant < day.end) return day;
  }
  throw new Error(
    `No generated local day holds ${new Date(instant).toISOString()}. Expected an instant in the ${days.length} days before as-of.`
  );
}

// src/seed/texts.ts
var TIMEZONE_WEIGHTS = {
  UTC: 10,
  "America/New_York": 22,
  "Europe/London": 16,
  "Asia/Tokyo": 10,
  // UTC+10 in winter, +11 in summer: the zone where "yesterday" differs most from UTC's.
  "Australia/Sydney": 12,
  "America/Los_Angeles": 20
};
var FIRST_NAMES = [
  "Maya",
  "Liam",
  "Sofia",
  "Noah",
  "Aisha",
  "Ethan",
  "Yuki",
  "Lucas",
  "Chloe",
  "Mateo",
  "Priya",
  "Oliver",
  "Hana",
  "James",
  "Zoe",
  "Arjun",
  "Emma",
  "Kenji",
  "Isla",
  "Diego",
  "Amara",
  "Leo",
  "Freya",
  "Omar",
  "Grace",
  "Ravi",
  "Mia",
  "Finn",
  "Sakura",
  "Jack",
  "Layla",
  "Samuel",
  "Ava",
  "Tariq",
  "Ruby",
  "Hugo",
  "Nora",
  "Daniel",
  "Elena",
  "Kai"
];
var LAST_NAMES = [
  "Patel",
  "Okafor",
  "Nguyen",
  "Smith",
  "Garcia",
  "Kim",
  "Müller",
  "Rossi",
  "Haddad",
  "Silva",
  "O'Brien",
  "Tanaka",
  "Kowalski",
  "Johnson",
  "Ahmed",
  "Lopez",
  "Jensen",
  "Mensah",
  "Chen",
  "Novak"
];
var GOALS = [
  "lose_weight",
  "build_muscle",
  "improve_endurance",
  "general_fitness",
  "improve_mobility"
];
var EXPERIENCE = ["beginner", "intermediate", "advanced"];
var TONES = ["gentle", "direct", "cheerleader", "brief"];
var COACH_PERSONAS = ["strategist", "motivator", "nurturer"];
var EQUIPMENT = [
  "dumbbells",
  "barbell",
  "kettlebell",
  "resistance_bands",
  "pull_up_bar",
  "treadmill",
  "bike",
  "full_gym"
];
var INJURIES = ["knee", "lower_back", "shoulder", "ankle", "wrist"];
var CONTRAINDICATIONS = {
  knee: "deep_squats",
  lower_back: "heavy_deadlifts",
  shoulder: "overhead_press",
  ankle: "jumping",
  wrist: "push_ups"
};
var CONDITIONS = ["asthma", "hypertension", "type_2_diabetes", "hypothyroidism"];
var ALLERGIES = ["peanuts", "tree_nuts", "shellfish", "eggs", "soy"];
var INTOLERANCES = ["lactose", "gluten", "fructose"];
var DIET_PATTERNS = {
  none: 55,
  vegetarian: 14,
  vegan: 6,
  pescatarian: 8,
  mediterranean: 9,
  low_carb: 8
};
var FAITH_DIET_RULES = { none: 88, halal: 7, kosher: 3, no_beef: 2 };
var WORKOUT_TYPES = [
  "strength",
  "running",
  "cycling",
  "yoga",
  "hiit",
  "swimming",
  "walking",
  "mobility"
];
var EXERCISES = {
  strength: ["Back squat", "Bench press", "Romanian deadlift", "Dumbbell row", "Overhead press", "Lunges"],
  hiit: ["Burpees", "Kettlebell swings", "Mountain climbers", "Jump squats", "Rowing sprints"]
};
var MEALS = {
  breakfast: ["Oatmeal with berries", "Greek yogurt and granola", "Scrambled eggs on toast", "Smoothie bowl"],
  lunch: ["Chicken salad wrap", "Lentil soup", "Quinoa bowl with vegetables", "Tuna sandwich"],
  dinner: ["Salmon with rice and broccoli", "Vegetable stir-fry with tofu", "Pasta with tomato sauce", "Beef chili"],
  snack: ["Apple and peanut butter", "Protein bar", "Handful of almonds", "Banana"]
};
var MEAL_CALORIES = {
  breakfast: [250, 650],
  lunch: [400, 900],
  dinner: [450, 1100],
  snack: [100, 350]
};
var CALM_MESSAGES = [
  "What should I eat before a morning run?",
  "Finished my leg day, felt strong today.",
  "Can you suggest a 20 minute mobility routine?",
  "How much protein should I aim for?",
  "Slept well last night, ready for intervals.",
  "Can we swap squats for lunges this week?",
  "Great session, hit a new deadlift record!",
  "Is it okay to train two days in a row?",
  "What is a good stretching routine after cycling?",
  "I walked 10k steps today.",
  "Could you plan a quick upper body workout?",
  "Feeling good, energy is up this week."
];
var STRESS_MESSAGES = [
  "I'm really stressed about work this week.",
  "Feeling anxious and I couldn't sleep.",
  "Totally overwhelmed with deadlines, skipped my workout.",
  "So exhausted after this week.",
  "Having a hard time staying motivated.",
  "I feel down and don't want to train.",
  "Struggling to keep up with everything.",
  "Honestly I'm frustrated with my progress.",
  "Today was tough, I'm upset about my results.",
  "Feeling sad and tired lately.",
  "My anxiety is through the roof before the exam.",
  "Pretty depressed about my knee injury.",
  "Angry at myself for missing the gym again.",
  "This week has been difficult."
];
var NEGATED_MESSAGES = [
  "Not stressed at all today, feeling great.",
  "No longer anxious about the race, ready to go.",
  "I wasn't feeling tired after the run.",
  "Never tired after yoga, love it.",
  "Honestly not overwhelmed anymore, the plan works.",
  "I'm not feeling down anymore, thanks!"
];
var SUBSTRING_MESSAGES = [
  "Downloaded the new running playlist.",
  "Walked downtown for lunch, about 3 km.",
  "Bought some hardware for my home gym.",
  "Sadie from my class joined me for the session.",
  "Downhill trail run this morning, loved it."
];
var CALM_REPLIES = [
  "Nice work! Keep the intensity steady and drink enough water.",
  "Aim for about 1.6 g of protein per kg of body weight.",
  "Here is a short routine: five minutes of hip openers, then thoracic rotations.",
  "Great progress. Let's add one more set next week.",
  "Yes, alternate muscle groups and keep one easy day."
];
var STRESSY_REPLIES = [
  "You sound stressed, a short breathing break might help.",
  "It's normal to feel anxious before a race; let's keep the plan light.",
  "If work feels overwhelming, a 10 minute walk can help you feel less tired."
];
function piiMessage(pick, name, index) {
  return pick([
    `Please email my plan to ${name.toLowerCase()}.${index}@example.com`,
    "Text me reminders at +1 415 555 0134",
    "My number is 07700 900123 if the app fails.",
    `Send the report to ${name.toLowerCase()}.work@example.org please.`
  ]);
}
var MOOD_NOTES = ["Good day", "Busy but fine", "Rested", "Long day at work", "Rough morning"];
var FAILED_REPLIES = [
  "Sorry, I couldn't reply just now. Please try again in a moment.",
  "The coach is unavailable right now. Your message was saved."
];
var FALLBACK_REASONS = ["timeout", "schema_invalid", "http_500"];

// src/seed/activityRows.ts
function rowWriter(rng, userId, days, tables) {
  return (kind, at, day, extra = {}) => {
    const id = rng.uuid();
    switch (kind) {
      case "coach":
        tables.ai_coach_logs.push(coachRow(rng, id, userId, at, extra));
        return;
      case "workout":
        tables.workouts.push(workoutRow(rng, id, userId, at, localDayOf(days, at)));
        return;
      case "meal":
        tables.meals.push(mealRow(rng, id, userId, at, localDayOf(days, at)));
        return;
      case "sleep":
        tables.sleep_logs.push(sleepRow(rng, id, userId, at));
        return;
      case "mood": {
        if (!day) throw new Error("A mood row needs its user-local day.");
        const byStress = rng.chance(0.6);
        tables.mood_logs.push({
          id,
          user_id: userId,
          mood_score: extra.stressed ? byStress ? rng.int(2, 6) : rng.int(1, 3) : rng.int(4, 9),
          stress_level: extra.stressed ? byStress ? rng.int(7, 10) : rng.int(3, 8) : rng.int(1, 6),
          notes: rng.chance(0.3) ? rng.pick(MOOD_NOTES) : null,
          date: day.date,
          created_at: iso(at)
        });
        return;
      }
    }
  };
}
function coachRow(rng, id, userId, at, extra) {
  const failed = extra.message === void 0 && extra.reply === void 0 && rng.chance(0.03);
  const stamp = iso(at);
  return {
    id,
    user_id: userId,
    session_id: `sess-${id.slice(0, 8)}`,
    user_message: extra.message ?? rng.pick(CALM_MESSAGES),
    ai_response: failed ? rng.pick(FAILED_REPLIES) : extra.reply ?? rng.pick(CALM_REPLIES),
    success: !failed,
    token_usage: failed ? null : rng.int(150, 900),
    // The app writes an empty list or nothing when a reply has no issues.
    issues: failed ? ["openai_timeout"] : rng.chance(0.7) ? [] : null,
    timestamp: stamp,
    created_at: stamp
  };
}
var SPEEDS = {
  running: [0.13, 0.2],
  cycling: [0.3, 0.5],
  walking: [0.07, 0.1],
  swimming: [0.03, 0.05]
};
function workoutRow(rng, id, userId, at, day) {
  const legacy = rng.chance(0.08);
  const type = rng.pick(WORKOUT_TYPES);
  const minutes = rng.int(15, 90);
  const speed = SPEEDS[type];
  const names = EXERCISES[type];
  const stamp = iso(at);
  return {
    id,
    user_id: userId,
    type,
    workout_type: legacy ? null : type,
    duration_minutes: minutes,
    calories: round1(minutes * rng.float(4, 11)),
    perceived_exertion: legacy ? null : rng.int(2, 10),
    exercises: legacy || !names ? [] : rng.sample(names, rng.int(2, 4)).map((name) => ({
      name,
      sets: rng.int(2, 5),
      reps: rng.pick([5, 8, 10, 12, 15])
    })),
    distance_km: legacy || !speed ? null : Math.round(minutes * rng.float(...speed) * 100) / 100,
    workout_date: legacy ? null : stamp,
    date: day.date,
    created_at: stamp
  };
}
function mealRow(rng, id, userId, at, day) {
  const type = mealTypeAt((at - day.start) / HOUR);
  const [low, high] = MEAL_CALORIES[type];
  const calories = round1(rng.float(low, high));
  const source = rng.weighted({ manual: 65, voice: 25, photo: 10 });
  const stamp = iso(at);
  return {
    id,
    user_id: userId,
    meal_type: type,
    description: rng.pick(MEALS[type]),
    calories,
    macros: macrosFor(rng, calories),
    source,
    // Only voice and photo logs are estimated.
    confidence: source === "manual" ? null : rng.weighted({ high: 60, medium: 30, low: 10 }),
    timestamp: stamp,
    date: day.date,
    created_at: stamp
  };
}
function mealTypeAt(hour) {
  if (hour >= 5 && hour < 10.5) return "breakfast";
  if (hour >= 11.5 && hour < 14.5) return "lunch";
  if (hour >= 17.5 && hour < 21.5) return "dinner";
  return "snack";
}
function macrosFor(rng, kcal) {
  const protein_g = Math.round(kcal * rng.float(0.15, 0.35) / 4);
  const fat_g = Math.round(kcal * rng.float(0.2, 0.4) / 9);
  const carbs_g = Math.max(0, Math.round((kcal - protein_g * 4 - fat_g * 9) / 4));
  return { protein_g, carbs_g, fat_g };
}
function sleepRow(rng, id, userId, wake) {
  const minutes = rng.int(300, 570);
  const quality = minutes < 360 ? rng.weighted({ poor: 70, ok: 30 }) : minutes < 450 ? rng.weighted({ poor: 15, ok: 65, great: 20 }) : rng.weighted({ ok: 40, great: 60 });
  const created = wake + rng.int(1, 60) * MINUTE;
  const timed = rng.chance(0.95);
  return {
    id,
    user_id: userId,
    duration_minutes: minutes,
    quality,
    bedtime: timed ? iso(wake - minutes * MINUTE) : null,
    wake_time: timed ? iso(wake) : null,
    created_at: iso(created)
  };
}
function round1(x) {
  return Math.round(x * 10) / 10;
}

// src/seed/profileRows.ts
function sampleEmail(fullName, index, seed) {
  const slug = fullName.normalize("NFD").toLowerCase().replace(/[^a-z ]/g, "").replace(/ /g, ".");
  return `${slug}.${index}.s${seed}@example.test`;
}
function profileRow(rng, who, completed, asOf) {
  const created = iso(who.createdAt + rng.int(1, 30) * MINUTE);
  if (!completed) {
    return {
      user_id: who.id,
      full_name: rng.chance(0.5) ? who.fullName : null,
      email: who.email,
      timezone: who.timezone,
      primary_goal: null,
      experience_level: null,
      days_per_week: null,
      session_minutes: null,
      equipment_access: [],
      workout_location: null,
      injuries: [],
      conditions: [],
      contraindications: [],
      is_pregnant_or_breastfeeding: false,
      is_recovering_from_surgery: false,
      allergies: [],
      intolerances: [],
      diet_pattern: null,
      faith_diet_rules: [],
      daily_kcal_target: null,
      macro_targets: null,
      coaching_tone: null,
      // The column's default: the app sets it before onboarding asks.
      coaching_persona: "strategist",
      onboarding_completed: false,
      created_at: created,
      updated_at: created
    };
  }
  const location = rng.weighted({ home: 35, gym: 40, hybrid: 25 });
  const injuries = rng.chance(0.2) ? rng.sample(INJURIES, 1) : [];
  const diet = rng.weighted(DIET_PATTERNS);
  const faith = rng.weighted(FAITH_DIET_RULES);
  const kcal = rng.chance(0.6) ? rng.int(30, 60) * 50 : null;
  const updated = rng.chance(0.5) ? iso(asOf - rng.int(1, 180) * DAY) : created;
  return {
    user_id: who.id,
    full_name: who.fullName,
    email: who.email,
    timezone: who.timezone,
    primary_goal: rng.pick(GOALS),
    experience_level: rng.pick(EXPERIENCE),
    days_per_week: rng.int(2, 6),
    session_minutes: rng.pick([20, 30, 45, 60, 75, 90]),
    equipment_access: location === "gym" ? ["full_gym"] : rng.sample(
      EQUIPMENT.filter((e) => e !== "full_gym"),
      rng.int(0, 3)
    ),
    workout_location: location,
    injuries,
    conditions: rng.chance(0.1) ? rng.sample(CONDITIONS, 1) : [],
    contraindications: injuries.flatMap((i) => CONTRAINDICATIONS[i] ?? []),
    is_pregnant_or_breastfeeding: rng.chance(0.02),
    is_recovering_from_surgery: rng.chance(0.02),
    allergies: rng.chance(0.1) ? rng.sample(ALLERGIES, 1) : [],
    intolerances: rng.chance(0.12) ? rng.sample(INTOLERANCES, 1) : [],
    diet_pattern: diet === "none" ? null : diet,
    faith_diet_rules: faith === "none" ? [] : [faith],
    daily_kcal_target: kcal,
    macro_targets: kcal === null ? null : macrosFor(rng, kcal),
    coaching_tone: rng.pick(TONES),
    coaching_persona: rng.pick(COACH_PERSONAS),
    onboarding_completed: true,
    created_at: created,
    updated_at: updated < created ? created : updated
  };
}
function addConsents(rng, p, createdAt, asOf, tables) {
  const answeredAt = createdAt + rng.int(2, 60) * MINUTE;
  const answered = iso(answeredAt);
  const add = (type, granted, grantedAt, withdrawnAt = null) => tables.user_consents.push({
    id: rng.uuid(),
    user_id: p.id,
    consent_type: type,
    granted,
    granted_at: grantedAt,
    withdrawn_at: withdrawnAt,
    privacy_policy_version: rng.weighted({ "1.0": 70, "1.1": 30 }),
    created_at: answered,
    updated_at: withdrawnAt ?? answered
  });
  if (p.consent === "granted") {
    add("openai_processing", true, answered);
  } else if (p.consent === "withdrawn") {
    const withdrawnAt = answeredAt + Math.floor(rng.next() * (asOf - answeredAt - MINUTE));
    add("openai_processing", false, answered, iso(withdrawnAt));
  } else if (p.consent === "denied") {
    add("openai_processing", false, null);
  }
  if (rng.chance(0.5)) {
    const granted = rng.chance(0.7);
    add("analytics", granted, granted ? answered : null);
  }
  if (rng.chance(0.3)) {
    const granted = rng.chance(0.4);
    add("marketing", granted, granted ? answered : null);
  }
}

// src/seed/random.ts
function createRandom(seed, stream = 0) {
  let a = seed >>> 0;
  let b = stream >>> 0;
  let c = 2654435769;
  let d = 1;
  const nextUint32 = () => {
    let t = a + b | 0;
    a = b ^ b >>> 9;
    b = c + (c << 3) | 0;
    c = c << 21 | c >>> 11;
    d = d + 1 | 0;
    t = t + d | 0;
    c = c + t | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) nextUint32();
  const next = () => nextUint32() / 4294967296;
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => {
    if (items.length === 0) throw new Error("Cannot pick from an empty array.");
    return items[Math.floor(next() * items.length)];
  };
  return {
    next,
    int,
    float: (min, max) => min + next() * (max - min),
    pick,
    weighted(weights) {
      const entries = Object.entries(weights);
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key;
      }
      return pick(entries)[0];
    },
    chance: (p) => next() < p,
    sample(items, count) {
      const pool = [...items];
      const out = [];
      while (out.length < count && pool.length > 0) {
        out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      }
      return out;
    },
    uuid() {
      const w0 = nextUint32();
      const w1 = (nextUint32() & 4294905855 | 16384) >>> 0;
      const w2 = (nextUint32() & 1073741823 | 2147483648) >>> 0;
      const w3 = nextUint32();
      return hex4(w0) + "-" + hex2(w1 >>> 16) + "-" + hex2(w1 & 65535) + "-" + hex2(w2 >>> 16) + "-" + hex2(w2 & 65535) + hex4(w3);
    }
  };
}
var BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function hex2(x) {
  return BYTE_HEX[x >>> 8 & 255] + BYTE_HEX[x & 255];
}
function hex4(x) {
  return hex2(x >>> 16) + hex2(x & 65535);
}

// src/seed/userRows.ts
function addActivity(rng, p, firstName, days, asOf, tables) {
  const add = rowWriter(rng, p.id, days, tables);
  const older = (n) => {
    for (let i = 0; i < n; i++) {
      const day = dayAt(days, rng.int(9, 29));
      const kind = rng.pick(["coach", "workout", "meal", "sleep", "mood"]);
      add(kind, kind === "sleep" ? wakeWithin(rng, day) : within(rng, day, 0), day);
    }
  };
  if (p.activity === "inactive") return;
  if (p.activity === "inactive_recent") return older(rng.int(2, 6));
  p.stress = rng.weighted({
    calm: 58,
    stressed_3_days: 6,
    stressed_2_days: 9,
    stressed_1_day: 5,
    stressed_outside_window: 4,
    negated_only: 6,
    substring_only: 6,
    ai_reply_only: 6
  });
  p.piiInMessages = rng.chance(0.04);
  const recent = () => asOf - rng.int(5 * MINUTE, 7 * DAY - 2 * HOUR);
  const coachLogs = rng.int(1, 3);
  for (let i = 0; i < coachLogs; i++) {
    const at = i === 0 ? asOf - rng.int(5 * MINUTE, 48 * HOUR) : recent();
    const message = i === 0 && p.piiInMessages ? piiMessage(rng.pick, firstName, p.index) : void 0;
    add("coach", at, void 0, { message });
  }
  for (let i = rng.int(1, 3); i > 0; i--) add("workout", recent());
  for (let i = rng.int(1, 4); i > 0; i--) add("meal", recent());
  for (const k of rng.sample([1, 2, 3, 4, 5, 6], rng.int(1, 3))) {
    add("sleep", wakeWithin(rng, dayAt(days, k)), dayAt(days, k));
  }
  for (const k of rng.sample([0, 1, 2, 3, 4, 5, 6], rng.int(1, 2))) {
    add("mood", within(rng, dayAt(days, k), 8), dayAt(days, k));
  }
  older(rng.int(0, 3));
  addStressPattern(rng, p, days, add);
}
function addStressPattern(rng, p, days, add) {
  const windowDays = (count) => {
    if (count >= 3) return [0, 1, 2].map((k) => dayAt(days, k));
    const today = dayAt(days, 0);
    const pool = today.end - today.start < 2 * HOUR ? [1, 2] : [0, 1, 2];
    return rng.sample(pool, count).map((k) => dayAt(days, k));
  };
  let chosen;
  switch (p.stress) {
    case "calm":
      return;
    case "stressed_3_days":
      chosen = windowDays(3);
      break;
    case "stressed_2_days":
      chosen = windowDays(2);
      break;
    case "stressed_1_day":
      chosen = windowDays(1);
      break;
    case "stressed_outside_window":
      chosen = rng.sample([4, 5, 6], rng.int(2, 3)).map((k) => dayAt(days, k));
      break;
    default:
      chosen = windowDays(rng.int(2, 3));
  }
  chosen.sort((a, b) => b.start - a.start);
  for (const day of chosen) {
    const at = within(rng, day, 6);
    if (p.stress === "negated_only") add("coach", at, day, { message: rng.pick(NEGATED_MESSAGES) });
    else if (p.stress === "substring_only")
      add("coach", at, day, { message: rng.pick(SUBSTRING_MESSAGES) });
    else if (p.stress === "ai_reply_only") add("coach", at, day, { reply: rng.pick(STRESSY_REPLIES) });
    else {
      const how = rng.weighted({ message: 60, mood: 25, both: 15 });
      if (how !== "mood") add("coach", at, day, { message: rng.pick(STRESS_MESSAGES) });
      if (how !== "message") {
        add("mood", within(rng, day, 6), day, { stressed: true });
        p.stressByMood = true;
      }
      p.stressDates.push(day.date);
    }
  }
}
function addPlans(rng, p, profile, createdAt, asOf, tables) {
  if (p.plan === "no_plan") return;
  const versions = rng.int(1, 3);
  const age = p.plan === "fresh_plan" ? rng.float(1, 27) : rng.float(29, 100);
  let at = asOf - Math.floor(age * DAY);
  const times = [];
  for (let v = versions; v >= 1; v--) {
    times[v] = Math.max(at, createdAt + HOUR);
    at -= Math.floor(rng.float(28, 40) * DAY);
  }
  const profileOfPlan = planProfileOf(profile);
  for (let v = 1; v <= versions; v++) {
    const method = p.consent === "granted" ? rng.weighted({ ai: 80, fallback: 20 }) : "fallback";
    const stamp = iso(times[v] ?? asOf);
    const wellness = {
      workouts: rng.int(0, 6),
      workoutMinutes: rng.int(0, 6) * 40,
      avgSleepHours: round12(rng.float(5.5, 8.5)),
      avgMood: round12(rng.float(3, 9)),
      avgStress: round12(rng.float(1, 8)),
      stressfulDays: rng.int(0, 3),
      mealsLogged: rng.int(0, 20)
    };
    tables.plans.push({
      id: rng.uuid(),
      user_id: p.id,
      // The app's plan shape (training / nutrition / recovery / coaching), as the job writes it.
      plan_data: fallbackPlan({ profile: profileOfPlan, wellness }),
      version: v,
      generation_method: method,
      fallback_reason: method === "ai" ? null : p.consent === "granted" ? rng.pick(FALLBACK_REASONS) : "no_openai_consent",
      wellness_context: { ...wellness },
      // What the plan was made from, never the name or email.
      profile_snapshot: { ...profileOfPlan },
      is_valid: true,
      validation_errors: [],
      created_at: stamp,
      updated_at: stamp
    });
  }
}
function within(rng, day, fromHour) {
  const length = day.end - day.start;
  if (length < 22 * HOUR) return day.start + Math.floor(rng.next() * length);
  return day.start + rng.int(fromHour * HOUR, 21 * HOUR);
}
function wakeWithin(rng, day) {
  return day.start + rng.int(5 * HOUR, 10 * HOUR);
}
function dayAt(days, k) {
  const day = days[k];
  if (!day) throw new Error(`Local day ${k} is outside the ${days.length} days generated.`);
  return day;
}
function round12(x) {
  return Math.round(x * 10) / 10;
}

// src/seed/generate.ts
function generateUsers(options, from, to) {
  const calendar = /* @__PURE__ */ new Map();
  const daysOf = (tz) => {
    let days = calendar.get(tz);
    if (!days) {
      days = localDaysBefore(options.asOf, tz, 31);
      calendar.set(tz, days);
    }
    return days;
  };
  const tables = emptyTables();
  const personas = [];
  for (let index = from; index < to; index++) {
    const rng = createRandom(options.seed, index);
    const persona = generateUser(rng, index, options, daysOf, tables);
    personas.push(persona);
  }
  return { tables, personas, counts: { categories: countCategories(personas), rows: countRows(tables) } };
}
function generateUser(rng, index, options, daysOf, tables) {
  const id = rng.uuid();
  const asOf = options.asOf.getTime();
  const timezone = rng.weighted(TIMEZONE_WEIGHTS);
  const firstName = rng.pick(FIRST_NAMES);
  const fullName = `${firstName} ${rng.pick(LAST_NAMES)}`;
  const createdAt = asOf - rng.int(181, 900) * DAY - rng.int(0, DAY - 1);
  const onboardingCompleted = rng.chance(0.92);
  const who = {
    id,
    fullName,
    email: sampleEmail(fullName, index, options.seed),
    timezone,
    createdAt
  };
  const persona = {
    id,
    index,
    timezone,
    activity: rng.weighted({ active: 70, inactive_recent: 15, inactive: 15 }),
    stress: "calm",
    stressByMood: false,
    stressDates: [],
    consent: rng.weighted({ granted: 60, withdrawn: 10, denied: 10, none: 20 }),
    plan: rng.weighted({ no_plan: 30, fresh_plan: 40, stale_plan: 30 }),
    onboardingCompleted,
    piiInMessages: false
  };
  tables.auth_users.push({ id, email: who.email });
  const profile = profileRow(rng, who, onboardingCompleted, asOf);
  tables.user_profiles.push(profile);
  addConsents(rng, persona, createdAt, asOf, tables);
  addActivity(rng, persona, firstName, daysOf(timezone), asOf, tables);
  addPlans(rng, persona, profile, createdAt, asOf, tables);
  return persona;
}
function countCategories(personas) {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  for (const p of personas) {
    counts.users++;
    counts[p.activity]++;
    counts[p.consent === "granted" ? "with_consent" : "without_consent"]++;
    if (p.consent === "withdrawn") counts.consent_withdrawn++;
    if (p.stress !== "calm") counts[p.stress]++;
    if (p.stressByMood) counts.stressed_by_mood++;
    if (p.piiInMessages) counts.pii_in_messages++;
    counts[p.plan]++;
    if (!p.onboardingCompleted) counts.onboarding_incomplete++;
  }
  return counts;
}
function countRows(tables) {
  return Object.fromEntries(SAMPLE_TABLES.map((t) => [t, tables[t].length]));
}
function emptyTables() {
  return Object.fromEntries(SAMPLE_TABLES.map((t) => [t, []]));
}

// src/seed/load.ts
var TABLES = {
  auth_users: {
    // A real project's auth.users has many more columns; only these two are sure to exist.
    target: "auth.users",
    columns: [
      ["id", "uuid"],
      ["email", "text"]
    ]
  },
  user_profiles: {
    target: "public.user_profiles",
    columns: [
      ["user_id", "uuid"],
      ["full_name", "text"],
      ["email", "text"],
      ["timezone", "text"],
      ["primary_goal", "text"],
      ["experience_level", "text"],
      ["days_per_week", "integer"],
      ["session_minutes", "integer"],
      ["equipment_access", "text[]"],
      ["workout_location", "text"],
      ["injuries", "text[]"],
      ["conditions", "text[]"],
      ["contraindications", "text[]"],
      ["is_pregnant_or_breastfeeding", "boolean"],
      ["is_recovering_from_surgery", "boolean"],
      ["allergies", "text[]"],
      ["intolerances", "text[]"],
      ["diet_pattern", "text"],
      ["faith_diet_rules", "text[]"],
      ["daily_kcal_target", "integer"],
      ["macro_targets", "jsonb"],
      ["coaching_tone", "text"],
      ["coaching_persona", "text"],
      ["onboarding_completed", "boolean"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"]
    ]
  },
  user_consents: {
    target: "public.user_consents",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["consent_type", "text"],
      ["granted", "boolean"],
      ["granted_at", "timestamptz"],
      ["withdrawn_at", "timestamptz"],
      ["privacy_policy_version", "text"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"]
    ]
  },
  ai_coach_logs: {
    target: "public.ai_coach_logs",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["session_id", "text"],
      ["user_message", "text"],
      ["ai_response", "text"],
      ["success", "boolean"],
      ["token_usage", "integer"],
      ["issues", "text[]"],
      ["timestamp", "timestamptz"],
      ["created_at", "timestamptz"]
    ]
  },
  workouts: {
    target: "public.workouts",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["type", "text"],
      ["workout_type", "text"],
      ["duration_minutes", "integer"],
      ["calories", "numeric"],
      ["perceived_exertion", "integer"],
      ["exercises", "jsonb"],
      ["distance_km", "numeric"],
      ["workout_date", "timestamptz"],
      ["date", "date"],
      ["created_at", "timestamptz"]
    ]
  },
  meals: {
    target: "public.meals",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["meal_type", "text"],
      ["description", "text"],
      ["calories", "numeric"],
      ["macros", "jsonb"],
      ["source", "text"],
      ["confidence", "text"],
      ["timestamp", "timestamptz"],
      ["date", "date"],
      ["created_at", "timestamptz"]
    ]
  },
  sleep_logs: {
    target: "public.sleep_logs",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["duration_minutes", "integer"],
      ["quality", "text"],
      ["bedtime", "timestamptz"],
      ["wake_time", "timestamptz"],
      ["created_at", "timestamptz"]
    ]
  },
  mood_logs: {
    target: "public.mood_logs",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["mood_score", "integer"],
      ["stress_level", "integer"],
      ["notes", "text"],
      ["date", "date"],
      ["created_at", "timestamptz"]
    ]
  },
  plans: {
    target: "public.plans",
    columns: [
      ["id", "uuid"],
      ["user_id", "uuid"],
      ["plan_data", "jsonb"],
      ["version", "integer"],
      ["generation_method", "text"],
      ["fallback_reason", "text"],
      ["wellness_context", "jsonb"],
      ["profile_snapshot", "jsonb"],
      ["is_valid", "boolean"],
      ["validation_errors", "jsonb"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"]
    ]
  }
};
var NotMigratedError = class extends Error {
  name = "NotMigratedError";
};
var CHILD_TABLES = [
  "plans",
  "ai_coach_logs",
  "meals",
  "workouts",
  "sleep_logs",
  "mood_logs",
  "user_consents",
  "user_profiles"
];
async function seedSampleData(sql, options) {
  const seed = options.seed ?? 1;
  const batchUsers = options.batchUsers ?? 5e3;
  const batch = (from) => from < options.users ? generateUsers({ seed, asOf: options.asOf }, from, Math.min(from + batchUsers, options.users)) : null;
  await assertMigrated(sql);
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  const rows = Object.fromEntries(SAMPLE_TABLES.map((t) => [t, 0]));
  let alreadyPresent = 0;
  await sql.exec("begin");
  try {
    let sample = batch(0);
    for (let from = 0; sample; from += batchUsers) {
      const size = sample.personas.length;
      const fresh = await insertUsers(sql, sample.tables);
      alreadyPresent += size - fresh.size;
      const keep = fresh.size === size ? null : fresh;
      const counted = countCategories(keep ? sample.personas.filter((p) => keep.has(p.id)) : sample.personas);
      const [slowest, ...others] = CHILD_TABLES;
      const inFlight = insertRows(sql, slowest, keepRows(sample.tables[slowest], keep));
      inFlight.catch(() => {
      });
      const current = sample;
      sample = batch(from + batchUsers);
      rows[slowest] += await inFlight;
      for (const table of others) {
        rows[table] += await insertRows(sql, table, keepRows(current.tables[table], keep));
      }
      rows.auth_users += fresh.size;
      for (const c of CATEGORIES) categories[c] += counted[c];
      options.onProgress?.({ usersDone: Math.min(from + batchUsers, options.users), users: options.users });
    }
    await sql.exec("commit");
  } catch (error) {
    await sql.exec("rollback").catch(() => {
    });
    throw new Error(`Seeding failed; nothing was written (the load runs in one transaction).`, {
      cause: error
    });
  }
  return { categories, rows, alreadyPresent };
}
function keepRows(rows, keep) {
  return keep ? rows.filter((r) => keep.has(r.user_id)) : rows;
}
async function insertUsers(sql, tables) {
  const { text, params } = insertStatement("auth_users", tables.auth_users, "returning id");
  const inserted = await sql.query(text, params);
  return new Set(inserted.map((r) => r.id));
}
async function insertRows(sql, table, rows) {
  if (rows.length === 0) return 0;
  const { text, params } = insertStatement(table, rows, "returning 1");
  const [result] = await sql.query(
    `with inserted as (${text}) select count(*)::int as n from inserted`,
    params
  );
  return result?.n ?? 0;
}
function insertStatement(table, rows, returning) {
  const spec = TABLES[table];
  const names = spec.columns.map(([name]) => `"${name}"`);
  const arrays = spec.columns.map(([, type], i) => `$${i + 1}::text::${elementType(type)}[]`);
  const selects = spec.columns.map(
    ([name, type]) => type === "text[]" || type === "jsonb" ? `r."${name}"::${type}` : `r."${name}"`
  );
  const conflict = table === "auth_users" ? "on conflict do nothing" : "";
  const text = `insert into ${spec.target} (${names.join(", ")}) select ${selects.join(", ")} from unnest(${arrays.join(", ")}) as r(${names.join(", ")}) ${conflict} ${returning}`;
  const params = spec.columns.map(
    ([name, type]) => arrayLiteral(
      rows.map((row) => row[name]),
      type
    )
  );
  return { text, params };
}
function elementType(type) {
  return type === "text[]" || type === "jsonb" ? "text" : type;
}
var BARE = /* @__PURE__ */ new Set([
  "uuid",
  "integer",
  "boolean",
  "timestamptz",
  "date",
  "numeric"
]);
function arrayLiteral(values, type) {
  const bare = BARE.has(type);
  const items = values.map((value) => {
    if (value === null || value === void 0) return "NULL";
    if (bare) return String(value);
    if (type === "jsonb") return quote(JSON.stringify(value));
    if (type === "text[]") return quote(`{${value.map(quote).join(",")}}`);
    return quote(String(value));
  });
  return `{${items.join(",")}}`;
}
function quote(text) {
  return `"${text.replace(/[\\"]/g, "\\$&")}"`;
}
async function assertMigrated(sql) {
  const targets = SAMPLE_TABLES.map((t) => TABLES[t].target);
  const missing = await sql.query(
    `select name from unnest($1::text[]) as name where to_regclass(name) is null`,
    [targets]
  );
  if (missing.length > 0) {
    throw new NotMigratedError(
      `The database is not migrated: ${missing.map((m) => m.name).join(", ")} missing. Run \`strukt-cron db migrate\` first, then seed again.`
    );
  }
}
export {
  NotMigratedError,
  assertMigrated,
  seedSampleData
};
