-- One round trip for the start of every single-loan write: lock the loan's row,
-- then read its projection and stream head in a SECOND statement of this
-- function, so under READ COMMITTED the read sees whatever the writer we
-- waited for committed (a single statement that locks and reads would read
-- the snapshot it took before the wait). VOLATILE, so each statement inside
-- takes its own snapshot. The columns are those of selectWithProjections
-- (db/event-store/projection.ts), which maps them.
CREATE FUNCTION lock_loan_for_write(p_loan_number text, p_with_payments boolean)
RETURNS TABLE (
  loan_id bigint, loan_number text, product text, state jsonb, payments jsonb, due_basis jsonb,
  through_sequence integer, last_hash text, max_recorded_at text, status text,
  principal text, interest text, fees text, total_outstanding text, last_event_date text,
  delinquent_since text, seal text, payments_seal text,
  head_sequence integer, head_hash text, head_event_type text, head_event_data jsonb,
  head_effective_date text, head_recorded_at text, head_recorded_by text,
  head_prev_hash text, head_key_id text, head_signature text
)
LANGUAGE plpgsql VOLATILE
-- A plan per session, its partitions pruned by the id at execution (a custom
-- plan would plan all sixteen partitions of two tables on every call).
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  v_id bigint;
BEGIN
  SELECT l.id INTO v_id FROM loans l WHERE l.loan_number = p_loan_number FOR UPDATE;
  IF v_id IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT l.id, l.loan_number, l.product, p.state,
    CASE WHEN p_with_payments THEN p.payments END, p.due_basis,
    p.through_sequence, p.last_hash,
    p.max_recorded_at::text, p.status, p.principal::text,
    p.interest::text, p.fees::text,
    p.total_outstanding::text, p.last_event_date::text,
    p.delinquent_since::text, p.seal, p.payments_seal,
    h.sequence_number, h.hash,
    h.event_type::text, h.event_data,
    h.effective_date::text, h.recorded_at::text,
    h.recorded_by, h.prev_hash,
    h.key_id, h.signature
  FROM loans l
  LEFT JOIN loan_projections p ON p.loan_id = l.id
  LEFT JOIN LATERAL (
    SELECT e.sequence_number, e.hash, e.event_type, e.event_data, e.effective_date,
      e.recorded_at, e.recorded_by, e.prev_hash, e.key_id, e.signature
    FROM loan_events e
    WHERE e.loan_id = v_id ORDER BY e.sequence_number DESC LIMIT 1
  ) h ON true
  WHERE l.id = v_id;
END
$$;
