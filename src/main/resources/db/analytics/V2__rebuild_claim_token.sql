-- Each rebuild claims the state row with its own token: only the claim holder records progress and the outcome, so a
-- rebuild taken over after its instance stalled cannot overwrite the state of the one that replaced it.
alter table rebuild_state add column token uuid;
