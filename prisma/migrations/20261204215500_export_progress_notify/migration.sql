-- Live updates for exports: every change of an export's status or progress, whichever process makes it (the
-- export process writes with pg alone), is announced on the live-updates channel when its transaction commits.
CREATE FUNCTION "Export_notify_live"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('leaseboard_live', json_build_object(
    'partnerId', NEW."partnerId", 'type', 'export.progress', 'eventId', NULL, 'leaseId', NULL, 'invoiceId', NULL, 'exportId', NEW.id)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER "Export_notify_live" AFTER UPDATE OF status, "rowsDone" ON "Export"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD."rowsDone" IS DISTINCT FROM NEW."rowsDone")
  EXECUTE FUNCTION "Export_notify_live"();
