-- Reverses ai_batches: the cron_batch_* functions, their private checks and both tables go, with
-- every batch and request line recorded (an unclosed batch's answers can no longer be collected:
-- OpenAI keeps the batch, nothing here knows of it). The app's tables are untouched.
set local lock_timeout = '5s';

drop function public.cron_batch_health(timestamptz, timestamptz);
drop function public.cron_batch_close(text, text, text, text, jsonb);
drop function public.cron_batch_requests(text, text, integer);
drop function public.cron_batch_users(text, text[]);
drop function public.cron_batch_note_status(text, text);
drop function public.cron_batch_claim(text, text, integer);
drop function public.cron_batches_unclosed(text);
drop function public.cron_batch_submitted(text, text, text, integer);
drop function public.cron_batch_add_requests(text, jsonb);
drop function public.cron_batch_open(text, text, timestamptz, timestamptz, timestamptz, integer, integer, timestamptz, text);
drop function strukt.check_batch_job(text);
drop function strukt.check_batch_text(text, text);

drop table strukt.ai_batch_requests;
drop table strukt.ai_batches;
