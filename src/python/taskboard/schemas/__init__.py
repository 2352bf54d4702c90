"""Request and response models, named by role (`TaskCreate`, `TaskPublic`, ...)."""
