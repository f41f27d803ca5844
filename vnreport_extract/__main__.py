from vnreport_extract.cli import main

main()
