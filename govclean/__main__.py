from govclean.cli import main

main()
