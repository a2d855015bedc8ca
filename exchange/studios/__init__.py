"""Innovation studios (劳模创新工作室): profiles and membership."""
