import AIRouteCLI
