"""The 双创双提升 programme: studios' activity log, yearly targets, dashboard and reports."""
