"""专利开放许可 (Patent Law art. 50–52): declarations on granted patents, their catalogue,
and licences an enterprise takes in one step."""
