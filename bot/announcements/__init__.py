"""Announcements: release drafts written from imports and notices written by
staff, their workflow (states, approval, schedule), the outbox that sends
them exactly once per channel, the workers, rate limits, subscriber lists
and the scheduler's jobs."""
