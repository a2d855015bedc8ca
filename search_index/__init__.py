"""Chinese full-text index: analysis, schema, backends, sync.

Independent of Flask and of the `exchange` application (DESIGN.md, Layout); the
analyser and the Whoosh/PostgreSQL backends arrive with the search issue.
"""
