"""What the command-line commands share, wherever they live: the context, options, output.

The commands are in ``gcm_process.cli`` (the composition root that names them
all), ``projections`` and ``api``; they import this package, never the root.
"""
