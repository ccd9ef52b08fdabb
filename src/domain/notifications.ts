/**
 * The texts of the notifications the user-status job queues. Supportive, never diagnostic, and
 * with no figures beyond the number of days (the user sees them in the app).
 */
export type NotificationType = 'ai_coach_proactive' | 'nudge';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export function proactiveMessage(stressfulDays: number): string {
  if (stressfulDays >= 3) {
    return (
      "I've noticed the last few days have felt heavy for you. That's a lot to carry — " +
      "would you like to talk it through, or shall we make this week's plan a little lighter?"
    );
  }
  return (
    "It sounds like a couple of days have been tough lately. I'm here if you want to talk, " +
    'and we can adjust your training so it supports you rather than adds pressure.'
  );
}

export function nudgeMessage(): string {
  return "It's been a little while — no pressure. A short walk or a quick check-in is a great way to ease back in.";
}
