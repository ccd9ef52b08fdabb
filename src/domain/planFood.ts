/**
 * The foods a plan's sample meals must not name, read from the profile: allergies,
 * intolerances, diet pattern (vegetarian, vegan, pescatarian) and faith diet rules (halal,
 * kosher, no beef, no pork, no alcohol, Jain). Deliberately small keyword lists: they catch the
 * obvious contradictions, not every hidden ingredient. The same rules check an AI plan and pick
 * the fallback plan's meals. Pure: no I/O.
 */
import type { PlanProfile } from './planProfile.ts';
import type { SampleMeals } from './planSchema.ts';

// Foods by group. Each group's `except` removes phrases that only look like the group (oat
// milk, peanut butter for dairy) before its terms are looked for.
const FOODS = {
  peanut: { terms: /\bpeanuts?\b|groundnuts?|satay/i },
  treeNut: {
    terms:
      /almonds?|cashews?|walnuts?|pecans?|hazelnuts?|pistachios?|macadamias?|brazil nuts?|\bnuts?\b|praline|marzipan|pesto/i,
  },
  dairy: {
    terms:
      /\bmilk|buttermilk|cheese|yogh?urt|\bbutter\b|\bcream|\bwhey\b|paneer|feta|mozzarella|parmesan|ricotta|halloumi|kefir|\bghee\b|\bdairy\b|latte|custard|skyr|quark|casein/i,
    except:
      /\b(oat|soy|soya|almond|rice|coconut|cashew|pea|hemp|plant[- ]based|vegan|dairy[- ]free|peanut|nut|seed|apple|cocoa)[- ](milk|yogh?urt|cheese|butter|cream)s?\b/gi,
  },
  egg: {
    terms: /\beggs?\b|omelett?e|frittata|mayo(nnaise)?|quiche|meringue|shakshuka/i,
    except: /egg[- ]free/gi,
  },
  gluten: {
    terms:
      /wheat|bread|\btoast\b|pasta|spaghetti|noodles?|couscous|bulgur|barley|\brye\b|seitan|tortillas?|\bwraps?\b|bagels?|pitta|\bpita\b|crackers?|muffins?|pancakes?|croissants?|\bbuns?\b|\brolls?\b|sandwich|gluten|semolina|spelt|granola/i,
    except: /gluten[- ]free \w+|buckwheat|rice (noodles?|crackers?|cakes?)|corn tortillas?/gi,
  },
  shellfish: {
    terms: /shellfish|shrimps?|prawns?|crabs?|lobsters?|mussels?|clams?|oysters?|scallops?|squid|calamari/i,
  },
  fish: {
    terms: /\bfish|salmon|tuna|\bcod\b|sardines?|mackerel|anchov|trout|haddock|tilapia|sea bass|halibut/i,
  },
  soy: { terms: /\bsoy|soya|tofu|tempeh|edamame|miso/i },
  sesame: { terms: /sesame|tahini|hummus|houmous|halva/i },
  meat: {
    terms:
      /chicken|beef|pork|lamb|mutton|turkey|bacon|\bham\b|sausages?|steak|mince|veal|duck|venison|salami|pepperoni|prosciutto|chorizo|\bmeat|jerky|gammon|burgers?/i,
    except:
      /\b(plant[- ]based|vegan|veggie|vegetarian|meat[- ]free|soy|soya|bean|lentil|mushroom|tofu|chickpea)[- ](burgers?|sausages?|mince|meat|chicken|nuggets?)\b/gi,
  },
  pork: {
    terms: /\bpork|bacon|\bham\b|gammon|prosciutto|pancetta|chorizo|salami|pepperoni|\blard\b|sausages?/i,
    except: /\b(plant[- ]based|vegan|veggie|vegetarian|chicken|beef|turkey|halal)[- ]sausages?\b/gi,
  },
  beef: {
    terms: /beef|steak|veal|brisket|burgers?/i,
    except: /\b(bean|veggie|vegan|chicken|turkey)[- ]burgers?\b/gi,
  },
  alcohol: {
    terms: /alcohol|\bwine\b|\bbeer\b|\brum\b|vodka|whiske?y|\bgin\b|brandy|\bsake\b|cider|liqueur/i,
  },
  gelatin: { terms: /gelatine?/i },
  honey: { terms: /honey/i },
  rootVeg: { terms: /onions?|garlic|potato(es)?|carrots?|beetroot|radish/i },
} satisfies Record<string, { terms: RegExp; except?: RegExp }>;

type FoodGroup = keyof typeof FOODS;

/** Allergy and intolerance wording → the food groups it rules out. */
const ALLERGENS: readonly [RegExp, FoodGroup[]][] = [
  [/peanut|groundnut/i, ['peanut']],
  [/tree ?nut|\bnuts?\b|almond|cashew|walnut|pecan|hazelnut|pistachio|macadamia|brazil/i, ['treeNut']],
  [/dairy|milk|lactose|casein|whey|cheese/i, ['dairy']],
  [/\beggs?\b/i, ['egg']],
  [/gluten|wheat|coeliac|celiac/i, ['gluten']],
  [/shellfish|crustacean|shrimp|prawn|crab|lobster|mollus/i, ['shellfish']],
  [/\bfish\b/i, ['fish']],
  [/\bsoy|soya/i, ['soy']],
  [/sesame/i, ['sesame']],
];

const DIETS: readonly [RegExp, FoodGroup[]][] = [
  [/vegan|plant[- ]based/i, ['meat', 'fish', 'shellfish', 'dairy', 'egg', 'honey', 'gelatin']],
  [/vegetarian|veggie|lacto|ovo/i, ['meat', 'fish', 'shellfish', 'gelatin']],
  [/pesc[ae]tarian/i, ['meat']],
];

const FAITH_RULES: readonly [RegExp, FoodGroup[]][] = [
  [/halal|islam|muslim/i, ['pork', 'alcohol', 'gelatin']],
  [/kosher|jewish/i, ['pork', 'shellfish']],
  [/hindu|no beef|beef[- ]free/i, ['beef']],
  [/no pork|pork[- ]free/i, ['pork']],
  [/no alcohol|alcohol[- ]free|sikh/i, ['alcohol']],
  [/jain/i, ['meat', 'fish', 'shellfish', 'egg', 'honey', 'gelatin', 'rootVeg']],
];

/** One food the profile rules out: where the rule comes from and how to find it in a meal. */
export interface FoodRule {
  /** The profile field it comes from, in words. */
  source: 'allergies' | 'intolerances' | 'diet pattern' | 'faith diet rules';
  /** The offending words in `meal`, or null when the meal keeps the rule. */
  find(meal: string): string | null;
}

function groupRule(source: FoodRule['source'], group: FoodGroup): FoodRule {
  const food: { terms: RegExp; except?: RegExp } = FOODS[group];
  return {
    source,
    find: (meal) => (food.except ? meal.replace(food.except, ' ') : meal).match(food.terms)?.[0] ?? null,
  };
}

/** The item itself as a word, plural or not: catches allergens the groups do not list (kiwi). */
function wordRule(source: FoodRule['source'], item: string): FoodRule | null {
  const word = item
    .toLowerCase()
    .replace(/[^a-z\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (word.length < 3 || word.split(' ').length > 3) return null;
  let pattern: string;
  if (/ies$/.test(word)) pattern = `${word.slice(0, -3)}(?:y|ies)`;
  else if (/oes$/.test(word)) pattern = `${word.slice(0, -2)}(?:es)?`;
  else if (/[^s]s$/.test(word)) pattern = `${word.slice(0, -1)}s?`;
  else if (/y$/.test(word)) pattern = `${word.slice(0, -1)}(?:y|ies)`;
  else pattern = `${word}(?:e?s)?`;
  const re = new RegExp(`\\b${pattern}\\b`, 'i');
  return { source, find: (meal) => meal.match(re)?.[0] ?? null };
}

/** Kosher: no meal names meat together with dairy. */
const meatWithDairy: FoodRule = {
  source: 'faith diet rules',
  find(meal) {
    const meat = groupRule('faith diet rules', 'meat').find(meal);
    const dairy = meat ? groupRule('faith diet rules', 'dairy').find(meal) : null;
    return meat && dairy ? `${meat} with ${dairy}` : null;
  },
};

/** Every food rule the profile sets. */
export function foodRules(profile: PlanProfile): FoodRule[] {
  const rules: FoodRule[] = [];
  const fromTable = (
    source: FoodRule['source'],
    texts: string[],
    table: readonly [RegExp, FoodGroup[]][],
  ) => {
    for (const text of texts) {
      for (const [re, groups] of table) {
        if (re.test(text)) rules.push(...groups.map((g) => groupRule(source, g)));
      }
    }
  };
  for (const [source, items] of [
    ['allergies', profile.allergies],
    ['intolerances', profile.intolerances],
  ] as const) {
    fromTable(source, items, ALLERGENS);
    // A group knows its look-alikes (oat milk is not milk); the bare word is for the rest.
    for (const item of items.filter((text) => !ALLERGENS.some(([re]) => re.test(text)))) {
      const rule = wordRule(source, item);
      if (rule) rules.push(rule);
    }
  }
  fromTable('diet pattern', profile.dietPattern ? [profile.dietPattern] : [], DIETS);
  fromTable('faith diet rules', profile.faithDietRules, FAITH_RULES);
  if (profile.faithDietRules.some((rule) => /kosher|jewish/i.test(rule))) rules.push(meatWithDairy);
  return rules;
}

/** The first rule `meal` breaks, as words for a check, or null. */
export function mealConflict(meal: string, rules: FoodRule[]): string | null {
  for (const rule of rules) {
    const found = rule.find(meal);
    if (found) return `names ${JSON.stringify(found)}, which the profile's ${rule.source} rule out`;
  }
  return null;
}

/** Problems with the sample meals: each meal that names a food the profile rules out. */
export function mealProblems(meals: SampleMeals, profile: PlanProfile): string[] {
  const rules = foodRules(profile);
  const problems: string[] = [];
  for (const [slot, meal] of Object.entries(meals)) {
    const conflict = mealConflict(meal, rules);
    if (conflict) problems.push(`nutrition: sample_meals.${slot} ${conflict}`);
  }
  return problems;
}
