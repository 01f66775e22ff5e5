"""Translation engines: the protocol, Argos/CTranslate2, and the test-package builder."""
