-- Issue 14: section_history keeps the versions a device's sections had before their current one, each with when it
-- became current; the current version is in device_sections alone (a first report no longer writes each of its
-- sections twice). Readers take both as one timeline (ReturnInspection). Rows written before this that repeat a
-- current version (the same device, section and report) go.
DELETE FROM section_history h WHERE EXISTS (SELECT 1 FROM device_sections d
    WHERE d.device_id = h.device_id AND d.section = h.section AND d.report_id = h.report_id);
