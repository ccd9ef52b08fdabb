/**
 * The building blocks of the fallback plan: exercises by focus and kit, and sample meals by
 * slot, most common first. The fallback plan takes the first ones the profile's safety rules
 * allow. Pure data.
 */
import type { Kit } from './planSafety.ts';
import type { SampleMeals } from './planSchema.ts';

export type Focus = 'lower' | 'upper' | 'full' | 'cardio' | 'mobility' | 'gentle';

export const EXERCISES: Record<Focus, Record<Kit, readonly string[]>> = {
  lower: {
    gym: ['Back squat', 'Romanian deadlift', 'Leg press', 'Leg curl', 'Walking lunge', 'Glute bridge'],
    dumbbell: ['Goblet squat', 'Dumbbell Romanian deadlift', 'Reverse lunge', 'Glute bridge', 'Step-up'],
    bodyweight: ['Bodyweight squat', 'Glute bridge', 'Reverse lunge', 'Single-leg glute bridge', 'Wall sit'],
  },
  upper: {
    gym: ['Bench press', 'Lat pulldown', 'Seated cable row', 'Overhead press', 'Face pull'],
    dumbbell: ['Dumbbell bench press', 'One-arm dumbbell row', 'Dumbbell shoulder press', 'Dumbbell curl'],
    bodyweight: ['Push-up', 'Inverted row', 'Pike push-up', 'Superman hold', 'Towel row'],
  },
  full: {
    gym: ['Deadlift', 'Kettlebell swing', 'Rowing machine intervals', 'Farmer carry', 'Dead bug'],
    dumbbell: ['Dumbbell thruster', 'Renegade row', 'Farmer carry', 'Dead bug', 'Glute bridge'],
    bodyweight: ['Burpee', 'Mountain climber', 'Bear crawl', 'Dead bug', 'Glute bridge'],
  },
  cardio: {
    gym: [
      'Stationary bike intervals',
      'Rowing machine',
      'Incline treadmill walk',
      'Stationary bike, easy pace',
    ],
    dumbbell: ['Brisk walk', 'Jumping jacks', 'Shadow boxing', 'Marching in place'],
    bodyweight: ['Brisk walk', 'Jumping jacks', 'Shadow boxing', 'Marching in place'],
  },
  mobility: {
    gym: ['Cat-cow', 'Hip flexor stretch', 'Thoracic rotation', 'Easy walk'],
    dumbbell: ['Cat-cow', 'Hip flexor stretch', 'Thoracic rotation', 'Easy walk'],
    bodyweight: ['Cat-cow', 'Hip flexor stretch', 'Thoracic rotation', 'Easy walk'],
  },
  // Low- to moderate-intensity strength work for a conservative plan.
  gentle: {
    gym: ['Seated cable row, light', 'Leg press, light', 'Bird dog', 'Side-lying leg raise', 'Easy walk'],
    dumbbell: ['Light dumbbell row', 'Sit-to-stand', 'Wall push-up', 'Bird dog', 'Side-lying leg raise'],
    bodyweight: ['Sit-to-stand', 'Wall push-up', 'Bird dog', 'Side-lying leg raise', 'Standing calf stretch'],
  },
};

export const FOCUS_NAMES: Record<Focus, string> = {
  lower: 'Lower body',
  upper: 'Upper body',
  full: 'Full body',
  cardio: 'Cardio',
  mobility: 'Mobility',
  gentle: 'Gentle strength',
};

/** Sample meals by slot; the last of each slot names no particular food, so every profile has one. */
export const MEALS: Record<keyof SampleMeals, readonly string[]> = {
  breakfast: [
    'Greek yogurt with berries and oats',
    'Scrambled eggs with spinach on wholegrain toast',
    'Porridge made with oat milk, topped with banana and chia seeds',
    'Tofu scramble with peppers and spinach',
    'Fresh fruit and a breakfast you know suits you',
  ],
  lunch: [
    'Chicken, quinoa and roasted vegetable bowl',
    'Lentil and vegetable soup with a wholegrain roll',
    'Chickpea, quinoa and roasted vegetable salad with an olive oil dressing',
    'A plate you know is safe for you, half of it vegetables',
  ],
  dinner: [
    'Salmon with brown rice and steamed broccoli',
    'Chicken stir-fry with vegetables and rice',
    'Bean and vegetable chilli with rice',
    'Lentil dahl with rice and spinach',
    'A plate you know is safe for you, half of it vegetables',
  ],
  snacks: [
    'Apple slices with peanut butter',
    'Hummus with cucumber and pepper sticks',
    'A banana and a handful of pumpkin seeds',
    'Rice cakes with sliced banana',
    'A piece of fresh fruit',
  ],
};
