from load.run import main

raise SystemExit(main())
