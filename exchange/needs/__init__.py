"""Technical needs (技术需求): what enterprises want solved, reviewed like achievements."""
