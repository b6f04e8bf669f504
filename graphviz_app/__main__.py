from graphviz_app.cli import main

raise SystemExit(main())
